//! The flag bits of `re` (`sre_constants`) and `re.RegexFlag` values.

pub const TEMPLATE: i64 = 1;
pub const IGNORECASE: i64 = 2;
pub const LOCALE: i64 = 4;
pub const MULTILINE: i64 = 8;
pub const DOTALL: i64 = 16;
pub const UNICODE: i64 = 32;
pub const VERBOSE: i64 = 64;
pub const DEBUG: i64 = 128;
pub const ASCII: i64 = 256;

/// `RegexFlag` members in definition order (the order `repr` lists them).
pub const MEMBERS: [(&str, &str, i64); 9] = [
    ("ASCII", "A", ASCII),
    ("IGNORECASE", "I", IGNORECASE),
    ("LOCALE", "L", LOCALE),
    ("UNICODE", "U", UNICODE),
    ("MULTILINE", "M", MULTILINE),
    ("DOTALL", "S", DOTALL),
    ("VERBOSE", "X", VERBOSE),
    ("TEMPLATE", "T", TEMPLATE),
    ("DEBUG", "", DEBUG),
];

/// `repr(re.RegexFlag(value))`: `re.IGNORECASE|re.MULTILINE`,
/// `re.NOFLAG`, `re.IGNORECASE|0x400`, `re.RegexFlag(1024)`.
pub fn flag_repr(value: i64) -> String {
    if value == 0 {
        return "re.NOFLAG".into();
    }
    let mut names: Vec<String> =
        MEMBERS.iter().filter(|(_, _, bit)| value & bit != 0).map(|(name, _, _)| format!("re.{name}")).collect();
    let known = MEMBERS.iter().fold(0, |acc, (_, _, bit)| acc | bit);
    let rest = value & !known;
    if names.is_empty() {
        return format!("re.RegexFlag({value})");
    }
    if rest != 0 {
        names.push(format!("{rest:#x}"));
    }
    names.join("|")
}
