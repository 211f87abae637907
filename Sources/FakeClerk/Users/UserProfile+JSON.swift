/// Clerk's User object (BAPI 2026-05-12 `components.schemas.User`), fields in the schema's
/// order. Optional fields Clerk leaves out of list answers (`organization_memberships`,
/// `scim`, `deprovisioned`) are left out here too.
extension UserProfile {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", id)
        json.field("object", "user")
        json.field("external_id", externalID)
        json.field("primary_email_address_id", primaryEmailAddressID)
        json.field("primary_phone_number_id", primaryPhoneNumberID)
        json.nullField("primary_web3_wallet_id")
        json.field("username", username)
        json.field("first_name", firstName)
        json.field("last_name", lastName)
        json.field("locale", locale)
        json.field("profile_image_url", imageURL)
        json.field("image_url", imageURL)
        json.field("has_image", hasImage)
        json.key("public_metadata")
        json.raw(publicMetadata)
        json.key("private_metadata")
        json.raw(privateMetadata)
        json.key("unsafe_metadata")
        json.raw(unsafeMetadata)
        json.key("email_addresses")
        json.beginArray()
        for email in emailAddresses { email.write(to: &json) }
        json.endArray()
        json.key("phone_numbers")
        json.beginArray()
        for phone in phoneNumbers { phone.write(to: &json) }
        json.endArray()
        json.key("web3_wallets")
        json.emptyArray()
        json.key("passkeys")
        json.emptyArray()
        json.field("password_enabled", passwordEnabled)
        json.field("two_factor_enabled", twoFactorEnabled)
        json.field("totp_enabled", twoFactorEnabled)
        json.field("backup_code_enabled", twoFactorEnabled)
        json.field("mfa_enabled_at", mfaEnabledAt)
        json.field("mfa_disabled_at", mfaDisabledAt)
        json.field("password_last_updated_at", passwordLastUpdatedAt)
        json.key("external_accounts")
        json.beginArray()
        for account in externalAccounts { account.write(to: &json) }
        json.endArray()
        json.key("saml_accounts")
        json.emptyArray()
        json.key("enterprise_accounts")
        json.emptyArray()
        json.field("last_sign_in_at", lastSignInAt)
        json.field("banned", banned)
        json.field("locked", locked)
        json.field("lockout_expires_in_seconds", locked ? 1800 : nil)
        json.field("verification_attempts_remaining", locked ? 0 : 100)
        json.field("updated_at", updatedAt)
        json.field("created_at", createdAt)
        json.field("delete_self_enabled", true)
        json.field("create_organization_enabled", true)
        json.nullField("create_organizations_limit")
        json.field("last_active_at", lastActiveAt)
        json.field("legal_accepted_at", legalAcceptedAt)
        json.field("bypass_client_trust", false)
        json.endObject()
    }

    /// The bytes of `write(to:)` alone.
    var json: [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }
}

extension UserProfile.Verification {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        var channel: StaticString?
        switch kind {
        case .otp(_, let otpChannel):
            json.field("object", "verification_otp")
            channel = otpChannel
        case .fromOAuth: json.field("object", "verification_from_oauth")
        case .admin: json.field("object", "verification_admin")
        case .oauth: json.field("object", "verification_oauth")
        }
        json.key("status")
        json.string(status)
        json.key("strategy")
        switch kind {
        case .otp(let strategy, _), .fromOAuth(let strategy), .oauth(let strategy): json.string(strategy)
        case .admin: json.string("admin")
        }
        json.field("attempts", attempts)
        json.field("expire_at", expireAt)
        if let channel { json.field("channel", channel) }
        json.endObject()
    }
}

extension UserProfile.EmailAddress {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", id)
        json.field("object", "email_address")
        json.field("email_address", address)
        json.field("reserved", false)
        json.key("verification")
        if let verification { verification.write(to: &json) } else { json.null() }
        json.key("linked_to")
        json.beginArray()
        if let linkedTo {
            json.beginObject()
            json.field("type", linkedTo.type)
            json.field("id", linkedTo.id)
            json.endObject()
        }
        json.endArray()
        json.field("matches_sso_connection", false)
        json.field("created_at", createdAt)
        json.field("updated_at", updatedAt)
        json.endObject()
    }
}

extension UserProfile.PhoneNumber {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", id)
        json.field("object", "phone_number")
        json.field("phone_number", number)
        json.field("reserved_for_second_factor", secondFactor)
        json.field("default_second_factor", secondFactor)
        json.field("reserved", false)
        json.key("verification")
        verification.write(to: &json)
        json.key("linked_to")
        json.emptyArray()
        json.nullField("backup_codes")
        json.field("created_at", createdAt)
        json.field("updated_at", updatedAt)
        json.endObject()
    }
}

extension UserProfile.ExternalAccount {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("object", "external_account")
        json.field("id", id)
        json.field("provider", "oauth_google")
        json.field("identification_id", identificationID)
        json.field("provider_user_id", providerUserID)
        json.field("approved_scopes", "email https://www.googleapis.com/auth/userinfo.email "
                   + "https://www.googleapis.com/auth/userinfo.profile openid profile")
        json.field("email_address", emailAddress)
        json.field("email_address_verified", true)
        json.field("first_name", firstName)
        json.field("last_name", lastName)
        json.field("avatar_url", avatarURL)
        json.field("image_url", imageURL)
        json.nullField("username")
        json.nullField("phone_number")
        json.key("public_metadata")
        json.emptyObject()
        json.nullField("label")
        json.field("created_at", createdAt)
        json.field("updated_at", updatedAt)
        json.key("verification")
        verification.write(to: &json)
        json.endObject()
    }
}
