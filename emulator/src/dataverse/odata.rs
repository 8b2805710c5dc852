//! The OData `$filter` subset the component uses, evaluated over rows as JSON: comparisons
//! (`eq ne gt ge lt le`) of a property with a literal ('text', a GUID, a number, true, false,
//! null), `and`, `or`, `not` and parentheses. Text compares case-insensitively, as Dataverse's
//! collation does, and so do GUIDs. Also the key segment of a resource path, `set(<key>)`.

use crate::error::DataverseError;
use serde_json::{Map, Value};

/// A parsed `$filter`.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `property op literal`.
    Compare(String, Op, Value),
    /// Both hold.
    And(Box<Filter>, Box<Filter>),
    /// Either holds.
    Or(Box<Filter>, Box<Filter>),
    /// It does not hold.
    Not(Box<Filter>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

/// Parses a `$filter`; the error says where it stopped making sense.
pub fn parse(text: &str) -> Result<Filter, String> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, at: 0 };
    let filter = parser.or()?;
    if parser.at != parser.tokens.len() {
        return Err(format!("unexpected '{}'", parser.tokens[parser.at].text()));
    }
    Ok(filter)
}

/// Splits `set` or `set(<key>)` into the set name and the key (braces and case ignored).
pub fn split_key(path: &str) -> Result<(&str, Option<String>), DataverseError> {
    let path = path.trim_end_matches('/');
    let (name, key) = match path.split_once('(') {
        Some((name, rest)) => {
            let key = rest
                .strip_suffix(')')
                .ok_or_else(|| DataverseError::segment_not_found(path))?;
            (
                name,
                Some(key.trim_matches(['{', '}']).to_ascii_lowercase()),
            )
        }
        None => (path, None),
    };
    if name.contains('/') || key.as_ref().is_some_and(|k| k.contains('/')) {
        return Err(DataverseError::segment_not_found(path));
    }
    Ok((name, key))
}

/// One `$expand` item: a navigation property and the columns its `$select` names (all: None).
#[derive(Debug, Clone, PartialEq)]
pub struct Expand {
    /// The navigation property.
    pub navigation: String,
    /// The expanded row's `$select`.
    pub select: Option<Vec<String>>,
}

/// Parses `$expand=nav($select=a,b),other`; only `$select` may be nested, as for a
/// single-valued navigation property (the error names what else was given).
pub fn parse_expand(text: &str) -> Result<Vec<Expand>, String> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    for (i, c) in bytes.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.checked_sub(1).ok_or("unbalanced ')'")?,
            ',' if depth == 0 => {
                pieces.push(bytes[start..i].iter().collect::<String>());
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err("missing ')'".into());
    }
    pieces.push(bytes[start..].iter().collect::<String>());
    for piece in pieces {
        let piece = piece.trim();
        let (navigation, options) = match piece.split_once('(') {
            Some((name, rest)) => (
                name.trim(),
                Some(rest.strip_suffix(')').ok_or("missing ')'")?),
            ),
            None => (piece, None),
        };
        if navigation.is_empty() {
            return Err("an empty $expand item".into());
        }
        let mut select = None;
        for option in options.into_iter().flat_map(|o| o.split(';')) {
            match option.split_once('=') {
                Some(("$select", columns)) => {
                    select = Some(columns.split(',').map(|c| c.trim().to_owned()).collect());
                }
                _ => return Err(format!("the query option '{option}' is not supported here")),
            }
        }
        items.push(Expand {
            navigation: navigation.to_owned(),
            select,
        });
    }
    Ok(items)
}

impl Filter {
    /// The properties the filter names, so unknown ones can be refused.
    pub fn properties(&self) -> Vec<&str> {
        match self {
            Filter::Compare(property, _, _) => vec![property.as_str()],
            Filter::And(a, b) | Filter::Or(a, b) => {
                let mut all = a.properties();
                all.extend(b.properties());
                all
            }
            Filter::Not(inner) => inner.properties(),
        }
    }

    /// Whether a row matches.
    pub fn matches(&self, row: &Map<String, Value>) -> bool {
        match self {
            Filter::Compare(property, op, literal) => {
                compare(row.get(property).unwrap_or(&Value::Null), *op, literal)
            }
            Filter::And(a, b) => a.matches(row) && b.matches(row),
            Filter::Or(a, b) => a.matches(row) || b.matches(row),
            Filter::Not(inner) => !inner.matches(row),
        }
    }
}

fn compare(value: &Value, op: Op, literal: &Value) -> bool {
    use std::cmp::Ordering;
    let ordering = match (value, literal) {
        (Value::Null, Value::Null) => Some(Ordering::Equal),
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::String(a), Value::String(b)) => Some(a.to_lowercase().cmp(&b.to_lowercase())),
        (Value::Number(a), Value::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        _ => None,
    };
    match (op, ordering) {
        (Op::Eq, Some(o)) => o == Ordering::Equal,
        (Op::Ne, Some(o)) => o != Ordering::Equal,
        (Op::Ne, None) => true,
        (Op::Gt, Some(o)) => o == Ordering::Greater,
        (Op::Ge, Some(o)) => o != Ordering::Less,
        (Op::Lt, Some(o)) => o == Ordering::Less,
        (Op::Le, Some(o)) => o != Ordering::Greater,
        _ => false,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Literal(Value),
    Open,
    Close,
}

impl Token {
    fn text(&self) -> String {
        match self {
            Token::Word(w) => w.clone(),
            Token::Literal(v) => v.to_string(),
            Token::Open => "(".into(),
            Token::Close => ")".into(),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            tokens.push(Token::Open);
            i += 1;
        } else if c == ')' {
            tokens.push(Token::Close);
            i += 1;
        } else if c == '\'' {
            let mut literal = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err("unterminated string literal".into()),
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        literal.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(ch) => {
                        literal.push(*ch);
                        i += 1;
                    }
                }
            }
            tokens.push(Token::Literal(Value::String(literal)));
        } else {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '(' | ')' | '\'')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(classify(word));
        }
    }
    Ok(tokens)
}

fn classify(word: String) -> Token {
    match word.as_str() {
        "true" => Token::Literal(Value::Bool(true)),
        "false" => Token::Literal(Value::Bool(false)),
        "null" => Token::Literal(Value::Null),
        _ if is_guid(&word) => Token::Literal(Value::String(word.to_lowercase())),
        _ => match word.parse::<i64>() {
            Ok(n) => Token::Literal(Value::from(n)),
            Err(_) => Token::Word(word),
        },
    }
}

fn is_guid(word: &str) -> bool {
    let parts: Vec<&str> = word.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek_word(&self, word: &str) -> bool {
        matches!(self.tokens.get(self.at), Some(Token::Word(w)) if w == word)
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.at += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.unary()?;
        while self.peek_word("and") {
            self.at += 1;
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, String> {
        if self.peek_word("not") {
            self.at += 1;
            return Ok(Filter::Not(Box::new(self.unary()?)));
        }
        if self.tokens.get(self.at) == Some(&Token::Open) {
            self.at += 1;
            let inner = self.or()?;
            if self.tokens.get(self.at) != Some(&Token::Close) {
                return Err("missing ')'".into());
            }
            self.at += 1;
            return Ok(inner);
        }
        let property = match self.tokens.get(self.at) {
            Some(Token::Word(w)) => w.clone(),
            other => {
                return Err(format!(
                    "expected a property, found {}",
                    other.map(Token::text).unwrap_or_else(|| "the end".into())
                ))
            }
        };
        let op = match self.tokens.get(self.at + 1) {
            Some(Token::Word(w)) => match w.as_str() {
                "eq" => Op::Eq,
                "ne" => Op::Ne,
                "gt" => Op::Gt,
                "ge" => Op::Ge,
                "lt" => Op::Lt,
                "le" => Op::Le,
                other => return Err(format!("unknown operator '{other}'")),
            },
            _ => return Err(format!("expected an operator after '{property}'")),
        };
        let literal = match self.tokens.get(self.at + 2) {
            Some(Token::Literal(v)) => v.clone(),
            _ => return Err(format!("expected a literal after '{property}'")),
        };
        self.at += 3;
        Ok(Filter::Compare(property, op, literal))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn the_link_query_of_the_component() {
        let filter = parse("(msdyn_regardingobjectid eq '6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13' or msdyn_regardingobjectid eq '{6B1F2C9E-3D4A-4E7B-9A51-2C8D7E0F4A13}') and msdyn_entityrecordstate eq 0").unwrap();
        assert_eq!(
            filter.properties(),
            [
                "msdyn_regardingobjectid",
                "msdyn_regardingobjectid",
                "msdyn_entityrecordstate"
            ]
        );
        assert!(filter.matches(&row(json!({"msdyn_regardingobjectid": "{6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13}", "msdyn_entityrecordstate": 0}))));
        assert!(filter.matches(&row(json!({"msdyn_regardingobjectid": "6B1F2C9E-3D4A-4E7B-9A51-2C8D7E0F4A13", "msdyn_entityrecordstate": 0}))));
        assert!(!filter.matches(&row(json!({"msdyn_regardingobjectid": "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13", "msdyn_entityrecordstate": 1}))));
    }

    #[test]
    fn guids_nulls_not_and_quotes() {
        let filter = parse("_ownerid_value eq 6B1F2C9E-3D4A-4E7B-9A51-2C8D7E0F4A13 and not (name eq 'O''Brien') and x ne null").unwrap();
        assert!(filter.matches(&row(
            json!({"_ownerid_value": "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13", "name": "Ava", "x": 1})
        )));
        assert!(!filter.matches(&row(json!({"_ownerid_value": "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13", "name": "o'brien", "x": 1}))));
        assert!(!filter.matches(&row(json!({"_ownerid_value": "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13", "name": "Ava", "x": null}))));
    }

    #[test]
    fn expand_with_nested_select() {
        let items = parse_expand("msdyn_entitytype($select=logicalname,name),createdby").unwrap();
        assert_eq!(items[0].navigation, "msdyn_entitytype");
        assert_eq!(
            items[0].select.as_deref(),
            Some(&["logicalname".to_owned(), "name".to_owned()][..])
        );
        assert_eq!(items[1].navigation, "createdby");
        assert_eq!(items[1].select, None);
        assert!(parse_expand("msdyn_entitytype($filter=name eq 'x')").is_err());
        assert!(parse_expand("msdyn_entitytype($select=name").is_err());
    }

    #[test]
    fn bad_filters_are_refused() {
        for bad in [
            "",
            "name",
            "name eq",
            "name like 'x'",
            "(name eq 'x'",
            "name eq 'x' and",
            "name eq 'unterminated",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
