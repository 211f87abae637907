/// Everything one generated user is made of; `UserProfile+JSON` turns it into Clerk's User object.
struct UserProfile: Sendable {
    struct Verification: Sendable {
        enum Kind: Sendable {
            /// `verification_otp`, with `channel` for phone codes.
            case otp(strategy: StaticString, channel: StaticString?)
            /// `verification_from_oauth`, for an address that came with an OAuth sign-up.
            case fromOAuth(strategy: StaticString)
            /// `verification_admin`, for an address added from the Dashboard or Backend API.
            case admin
            /// `verification_oauth`, on an external account.
            case oauth(strategy: StaticString)
        }
        var kind: Kind
        var status: StaticString
        var attempts: Int64?
        var expireAt: Int64?
    }

    struct EmailAddress: Sendable {
        var id: String
        var address: String
        var verification: Verification?
        /// `linked_to`: the OAuth identification this address came with.
        var linkedTo: (type: StaticString, id: String)?
        var createdAt: Int64
        var updatedAt: Int64
    }

    struct PhoneNumber: Sendable {
        var id: String
        var number: String
        var secondFactor: Bool
        var verification: Verification
        var createdAt: Int64
        var updatedAt: Int64
    }

    struct ExternalAccount: Sendable {
        var id: String
        var identificationID: String
        var providerUserID: String
        var emailAddress: String
        var firstName: String
        var lastName: String
        var avatarURL: String
        var imageURL: String
        var verification: Verification
        var createdAt: Int64
        var updatedAt: Int64
    }

    var index: Int
    var id: String
    var externalID: String?
    var username: String?
    var firstName: String?
    var lastName: String?
    var locale: String?
    var imageURL: String
    var hasImage: Bool
    /// Ready-made JSON objects (private may be `null`).
    var publicMetadata: [UInt8]
    var privateMetadata: [UInt8]
    var unsafeMetadata: [UInt8]
    var emailAddresses: [EmailAddress]
    var primaryEmailAddressID: String?
    var phoneNumbers: [PhoneNumber]
    var primaryPhoneNumberID: String?
    var externalAccounts: [ExternalAccount]
    var passwordEnabled: Bool
    var twoFactorEnabled: Bool
    var mfaEnabledAt: Int64?
    var mfaDisabledAt: Int64?
    var passwordLastUpdatedAt: Int64?
    var lastSignInAt: Int64?
    var banned: Bool
    var locked: Bool
    var lastActiveAt: Int64?
    var legalAcceptedAt: Int64?
    var createdAt: Int64
    var updatedAt: Int64
}
