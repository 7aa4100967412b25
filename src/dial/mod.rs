//! From a found number to the digits this user's phone must dial: [`rules`] holds the office's
//! dialing rules (outside line, area code, international format, extensions, rewrite rules),
//! [`policy`] decides whether a request dials now, asks first or is refused. The dial string
//! itself is [`crate::phone::DialString`]; the prepared command is [`crate::command::Call`].

pub mod policy;
pub mod rules;
