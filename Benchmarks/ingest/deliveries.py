#!/usr/bin/env python3
"""Signed Clerk webhook deliveries for the ingest benchmarks (scripts/bench-ingest).

  deliveries.py make SECRET COUNT FILE [--users U] [--start S]
      COUNT distinct user.updated deliveries (about 1.5 KB each, shaped like Clerk's
      webhook example), signed as Svix does (v1, HMAC-SHA256 over id.timestamp.body), one
      per line: svix-id TAB svix-timestamp TAB svix-signature TAB body.
  deliveries.py pace URL FILE RATE SECONDS OUT
      sends the deliveries at RATE per second over keep-alive connections for SECONDS and
      writes "svix-id TAB unix-ms-when-2xx-arrived" per answered delivery to OUT.
"""
import base64, hashlib, hmac, http.client, json, sys, threading, time, urllib.parse

def user_event(index, users, start):
    uid = "user_bench%08d" % (index % users)
    updated = start + index
    data = {
        "object": "user", "id": uid, "external_id": None,
        "primary_email_address_id": "idn_" + uid, "primary_phone_number_id": None, "primary_web3_wallet_id": None,
        "username": "bench%d" % (index % users), "first_name": "Ada", "last_name": "Lovelace",
        "image_url": "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCIsImlpZCI6Imluc18yZzdu" + uid,
        "has_image": True, "public_metadata": {"plan": "pro", "seats": 5}, "private_metadata": {"crm": "cus_%d" % index},
        "unsafe_metadata": {}, "email_addresses": [{
            "id": "idn_" + uid, "object": "email_address", "email_address": "%s@example.com" % uid,
            "reserved": False, "linked_to": [], "matches_sso_connection": False,
            "created_at": 1716883200000, "updated_at": updated,
            "verification": {"status": "verified", "strategy": "email_code", "attempts": None, "expire_at": None}}],
        "phone_numbers": [], "web3_wallets": [], "passkeys": [], "password_enabled": True,
        "two_factor_enabled": False, "totp_enabled": False, "backup_code_enabled": False,
        "mfa_enabled_at": None, "mfa_disabled_at": None, "external_accounts": [], "saml_accounts": [],
        "enterprise_accounts": [], "last_sign_in_at": updated - 5000, "banned": False, "locked": False,
        "lockout_expires_in_seconds": None, "verification_attempts_remaining": 100, "updated_at": updated,
        "created_at": 1716883200000, "delete_self_enabled": True, "create_organization_enabled": True,
        "last_active_at": updated - 1000, "legal_accepted_at": None,
    }
    return json.dumps({
        "data": data, "event_attributes": {"http_request": {"client_ip": "192.168.1.100", "user_agent": "Mozilla/5.0 (X11; Linux x86_64)"}},
        "instance_id": "ins_bench", "object": "event", "timestamp": updated, "type": "user.updated"},
        separators=(",", ":"))


def make(secret, count, path, users=10000, start=1_800_000_000_000):
    key = base64.b64decode(secret[len("whsec_"):])
    stamp = str(int(time.time()))
    run = "%x" % int(time.time() * 1000)
    with open(path, "w") as out:
        for index in range(count):
            body = user_event(index, users, start)
            svix_id = "msg_bench_%s_%d" % (run, index)
            mac = hmac.new(key, ("%s.%s.%s" % (svix_id, stamp, body)).encode(), hashlib.sha256).digest()
            out.write("%s\t%s\tv1,%s\t%s\n" % (svix_id, stamp, base64.b64encode(mac).decode(), body))


def pace(url, path, rate, seconds, out_path, connections=4):
    parts = urllib.parse.urlsplit(url)
    lines = open(path).read().splitlines()[: int(rate * seconds)]
    answered = []
    lock = threading.Lock()
    begin = time.monotonic() + 0.2

    def worker(offset):
        conn = http.client.HTTPConnection(parts.hostname, parts.port)
        for index in range(offset, len(lines), connections):
            due = begin + index / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            svix_id, stamp, signature, body = lines[index].split("\t", 3)
            conn.request("POST", parts.path, body=body.encode(), headers={
                "svix-id": svix_id, "svix-timestamp": stamp, "svix-signature": signature,
                "content-type": "application/json"})
            response = conn.getresponse()
            response.read()
            if 200 <= response.status < 300:
                with lock:
                    answered.append((svix_id, int(time.time() * 1000)))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open(out_path, "w") as out:
        for svix_id, when in answered:
            out.write("%s\t%d\n" % (svix_id, when))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        users = int(sys.argv[sys.argv.index("--users") + 1]) if "--users" in sys.argv else 10000
        make(sys.argv[2], int(sys.argv[3]), sys.argv[4], users=users)
    elif sys.argv[1] == "pace":
        pace(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6])
    else:
        sys.exit(__doc__)
