//! The request parser under arbitrary bytes (issue 14): it never panics, never takes more than
//! its head limit, and an event is only ever believed with the token in its path.

use click_to_dial::incoming::check_target;
use htek_c2d_receiver::http::{read_request_line, MAX_HEAD};
use proptest::prelude::*;

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..(MAX_HEAD + 64))) {
        if let Ok(line) = read_request_line(&mut bytes.as_slice()) {
            // What was read came from the head, and the method is one word.
            prop_assert!(!line.method.contains(' '));
            prop_assert!(line.target.len() <= bytes.len());
            let _ = check_target(&line.target, TOKEN);
        }
    }

    #[test]
    fn heads_of_the_right_shape_round_trip(
        method in "[A-Z]{3,7}",
        target in "/[ -~]{0,200}",
    ) {
        let head = format!("{method} {target} HTTP/1.1\r\nHost: x\r\n\r\n");
        let line = read_request_line(&mut head.as_bytes()).unwrap();
        prop_assert_eq!(line.method, method);
        prop_assert_eq!(line.target, target);
    }

    #[test]
    fn no_event_without_the_token(target in "/[ -~]{0,120}") {
        prop_assume!(!target.contains(TOKEN));
        prop_assert!(check_target(&target, TOKEN).is_err());
    }
}
