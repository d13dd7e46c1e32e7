//! Closed vocabularies of the ties that more than one layer uses: the fields of cooperation and
//! the partner countries named in both languages. (Each record kind's own lists sit with its
//! model: `agreement::KINDS`, `procedure::STEPS`, `activity::KINDS`, `report::INDICATORS`…)

/// The fields-of-cooperation vocabulary (data README), for the tie list's filter.
pub const FIELDS: [&str; 44] = [
    "agriculture",
    "business",
    "business-incubation",
    "capacity-building",
    "creative-economy",
    "culture",
    "disaster-management",
    "e-government",
    "economy",
    "education",
    "energy",
    "environment",
    "finance",
    "governance",
    "health",
    "heritage",
    "housing",
    "ict",
    "industry",
    "information-systems",
    "infrastructure",
    "investment",
    "livestock",
    "maritime",
    "msme",
    "music",
    "port",
    "research",
    "rural-development",
    "science",
    "smart-city",
    "social",
    "sport",
    "technology",
    "tourism",
    "trade",
    "transport",
    "urban-development",
    "urban-management",
    "urban-planning",
    "vocational-training",
    "waste-management",
    "water",
    "youth",
];

/// Partner countries with a name in both languages (locales/*/vocab.ftl), for the country filter.
pub const PARTNER_COUNTRIES: [&str; 46] = [
    "AS", "AT", "AU", "BG", "CD", "CN", "CU", "CZ", "DE", "EC", "EG", "FR", "GB", "HR", "HU", "IN",
    "IT", "JP", "KE", "KH", "KP", "KR", "KZ", "LB", "MA", "MX", "MY", "MZ", "NL", "NP", "PG", "PH",
    "PK", "PL", "PS", "RU", "SA", "SG", "TH", "TR", "TW", "UA", "US", "UZ", "VN", "ZA",
];
