//! Which of the phone's SIP accounts (lines) places a call: the phone's choice, or account 1
//! to 4. Each brand says it its own way (Htek `Account=N`, Yealink and Snom the account's SIP
//! URI, Grandstream `account=N-1`, Poly `Line`; Fanvil has no choice).
//!
//! ```
//! use click_to_dial::phone::Account;
//! assert_eq!(Account::try_from("2".to_string()), Ok(Account::Line(2)));
//! assert_eq!(String::from(Account::Auto), "auto");
//! ```

use serde::{Deserialize, Serialize};

/// Which of the phone's SIP accounts places the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Account {
    /// Leave the choice to the phone (its default account).
    #[default]
    Auto,
    /// Account 1 to 4.
    Line(u8),
}

impl Account {
    /// The accounts a user can pick, in order.
    pub const ALL: [Account; 5] = [
        Account::Auto,
        Account::Line(1),
        Account::Line(2),
        Account::Line(3),
        Account::Line(4),
    ];

    /// How the account is named to the user ("account 2", "account chosen by the phone").
    pub fn describe(self) -> String {
        match self {
            Account::Auto => crate::t!("accountAutoDescribed"),
            Account::Line(n) => crate::t!("accountDescribed", n),
        }
    }
}

impl TryFrom<String> for Account {
    type Error = String;

    fn try_from(value: String) -> Result<Self, String> {
        match value.as_str() {
            "auto" => Ok(Account::Auto),
            "1" | "2" | "3" | "4" => Ok(Account::Line(value.as_bytes()[0] - b'0')),
            _ => Err(format!("account must be auto or 1 to 4, not {value:?}")),
        }
    }
}

impl From<Account> for String {
    fn from(account: Account) -> String {
        match account {
            Account::Auto => "auto".to_string(),
            Account::Line(n) => n.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_round_trip() {
        for account in Account::ALL {
            let text = String::from(account);
            assert_eq!(Account::try_from(text).unwrap(), account);
        }
        for bad in ["0", "5", "", "Auto", "1 "] {
            assert!(Account::try_from(bad.to_string()).is_err(), "{bad:?}");
        }
        assert_eq!(Account::Line(2).describe(), "account 2");
    }
}
