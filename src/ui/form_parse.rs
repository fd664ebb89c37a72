//! Parsing of the text of number fields, with the messages the forms show when it fails.

/// A whole number, or why the text is not one.
pub fn whole(text: &str) -> Result<usize, String> {
    text.parse::<usize>()
        .map_err(|_| format!("“{text}” is not a whole number"))
}

/// A finite number, or why the text is not one.
pub fn real(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(format!("“{text}” is not a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_and_bad_text_says_why() {
        assert_eq!(whole("12"), Ok(12));
        assert!(whole("-1").is_err_and(|error| error.contains("whole number")));
        assert_eq!(real("0.5"), Ok(0.5));
        assert!(real("inf").is_err());
        assert!(real("x").is_err_and(|error| error.contains("“x”")));
    }
}
