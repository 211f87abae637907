/// Names the generator draws from: mostly everyday ones, with non-ASCII letters, several
/// scripts, apostrophes, hyphens and one quoted nickname, so that clients meet the text that
/// real instances hold. Each name comes with the ASCII slug used in email addresses.
enum NameCatalog {
    struct Name: Sendable {
        let display: String
        let slug: String
    }

    static let firstNames: [Name] = [
        ("Anna", "anna"), ("Liam", "liam"), ("Sofía", "sofia"), ("José", "jose"), ("Zoë", "zoe"),
        ("Łukasz", "lukasz"), ("Björn", "bjorn"), ("Chloé", "chloe"), ("Mateo", "mateo"), ("Noah", "noah"),
        ("Emma", "emma"), ("Olivia", "olivia"), ("Yuki", "yuki"), ("Hiroshi", "hiroshi"), ("Wei", "wei"),
        ("Priya", "priya"), ("Arjun", "arjun"), ("Fatima", "fatima"), ("Omar", "omar"), ("Amara", "amara"),
        ("Kwame", "kwame"), ("Ingrid", "ingrid"), ("Søren", "soren"), ("François", "francois"),
        ("Renée", "renee"), ("Anne-Marie", "anne-marie"), ("D'Angelo", "dangelo"), ("Siobhán", "siobhan"),
        ("Małgorzata", "malgorzata"), ("Jürgen", "jurgen"), ("Çağla", "cagla"), ("Ελένη", "eleni"),
        ("Дмитрий", "dmitry"), ("Мария", "maria"), ("민준", "minjun"), ("太郎", "taro"), ("Thảo", "thao"),
        ("محمد", "mohammed"), ("Chris \"CJ\"", "cj"), ("Ava", "ava"), ("Lucas", "lucas"), ("Mia", "mia"),
        ("Ethan", "ethan"), ("Isabella", "isabella"), ("Leon", "leon"), ("Nora", "nora"), ("Samuel", "samuel"),
    ].map { Name(display: $0.0, slug: $0.1) }

    static let lastNames: [Name] = [
        ("Smith", "smith"), ("García", "garcia"), ("Müller", "muller"), ("Nguyễn", "nguyen"),
        ("O'Brien", "obrien"), ("Kowalski", "kowalski"), ("Ødegaard", "odegaard"), ("Dubois", "dubois"),
        ("Rossi", "rossi"), ("Silva", "silva"), ("Yamamoto", "yamamoto"), ("Chen", "chen"), ("Patel", "patel"),
        ("Okafor", "okafor"), ("Andersson", "andersson"), ("Van der Berg", "vanderberg"),
        ("Smith-Jones", "smith-jones"), ("Papadopoulos", "papadopoulos"), ("Иванов", "ivanov"),
        ("김", "kim"), ("山田", "yamada"), ("Haddad", "haddad"), ("Johnson", "johnson"), ("Brown", "brown"),
        ("Williams", "williams"), ("Schmidt", "schmidt"), ("Fernández", "fernandez"), ("Lefèvre", "lefevre"),
        ("Novák", "novak"), ("Şahin", "sahin"), ("Mbeki", "mbeki"), ("Larsen", "larsen"), ("Taylor", "taylor"),
    ].map { Name(display: $0.0, slug: $0.1) }

    static let emailDomains = ["example.com", "example.org", "example.net", "mail.example.com", "corp.example.org"]
    static let locales = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "ja-JP", "pt-BR"]
    static let plans = ["free", "pro", "team", "enterprise"]
}
