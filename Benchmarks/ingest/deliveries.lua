-- wrk script for scripts/bench-ingest: every request is a distinct, pre-signed delivery
-- read from DELIVERIES (made by deliveries.py), split between wrk's threads.
local path = os.getenv("DELIVERIES")
local threads = {}
local counter = 0

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

function init(args)
    requests = {}
    local total = tonumber(os.getenv("WRK_THREADS"))
    local index = 0
    for line in io.lines(path) do
        if index % total == id then
            local svix_id, stamp, signature, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
            requests[#requests + 1] = wrk.format("POST", "/webhooks/clerk", {
                ["svix-id"] = svix_id, ["svix-timestamp"] = stamp, ["svix-signature"] = signature,
                ["Content-Type"] = "application/json"}, body)
        end
        index = index + 1
    end
    next_request = 0
end

function request()
    next_request = next_request + 1
    -- Past the end, repeats are duplicates: answered 2xx but not stored again, and not
    -- counted (the script counts stored rows, not answers).
    return requests[((next_request - 1) % #requests) + 1]
end
