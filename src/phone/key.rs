//! The keys of a desk phone, one brand-neutral list: each [`Key`] has a name (Htek's wire name,
//! the one the popup, the messages and the history use) and a label for people; each brand
//! module maps it to its own wire name, or says it has none (`yealink::key_name`, ...).
//!
//! ```
//! use click_to_dial::phone::Key;
//! assert_eq!(Key::from_wire("DNDOOn"), Some(Key::DndOn));
//! assert_eq!(Key::dtmf('#'), Some(Key::Pound));
//! assert_eq!(Key::Pound.dtmf_char(), Some('#'));
//! assert_eq!(Key::Mute.dtmf_char(), None);
//! ```

use serde::{Deserialize, Serialize};

/// Defines [`Key`] from one table: variant, exact wire name, label for people.
macro_rules! keys {
    ($($variant:ident => $wire:literal, $label:literal;)*) => {
        /// A key of the phone. Its name ([`Key::wire`]) is Htek's wire name as `Command=3&key=<name>`
        /// presses it, the guide's exactly (case sensitive; `DNDOOn` is the guide's spelling),
        /// and the key's id in messages; other brands map it to theirs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $(
                #[doc = concat!("`key=", $wire, "`: ", $label, ".")]
                $variant,
            )*
        }

        impl Key {
            /// Every key the guide lists, in the guide's order.
            pub const ALL: &'static [Key] = &[$(Key::$variant),*];

            /// The key's name: what an Htek phone expects after `key=` (before
            /// percent-encoding), and the key's id in messages and the popup.
            pub fn wire(self) -> &'static str {
                match self {
                    $(Key::$variant => $wire,)*
                }
            }

            /// A short name for people ("Volume up"), in the user's language (message
            /// `key<Variant>` of the locale files).
            pub fn label(self) -> String {
                match self {
                    $(Key::$variant => crate::text::text(concat!("key", stringify!($variant)), &[]),)*
                }
            }

            /// The key of [`Key::label`]'s message.
            pub fn label_key(self) -> &'static str {
                match self {
                    $(Key::$variant => concat!("key", stringify!($variant)),)*
                }
            }
        }
    };
}

keys! {
    Ok => "OK", "OK (answer)";
    Enter => "ENTER", "Enter";
    Speaker => "SPEAKER", "Speaker";
    Transfer => "F_TRANSFER", "Transfer";
    VolumeUp => "VOLUME_UP", "Volume up";
    VolumeDown => "VOLUME_DOWN", "Volume down";
    Mute => "MUTE", "Mute";
    Hold => "F_HOLD", "Hold";
    Cancel => "X", "X (end, cancel)";
    Digit0 => "0", "0";
    Digit1 => "1", "1";
    Digit2 => "2", "2";
    Digit3 => "3", "3";
    Digit4 => "4", "4";
    Digit5 => "5", "5";
    Digit6 => "6", "6";
    Digit7 => "7", "7";
    Digit8 => "8", "8";
    Digit9 => "9", "9";
    Star => "*", "*";
    Pound => "POUND", "#";
    Line1 => "L1", "Line 1";
    Line2 => "L2", "Line 2";
    Line3 => "L3", "Line 3";
    Line4 => "L4", "Line 4";
    Dss1 => "D1", "DSS 1";
    Dss2 => "D2", "DSS 2";
    Dss3 => "D3", "DSS 3";
    Dss4 => "D4", "DSS 4";
    Dss5 => "D5", "DSS 5";
    Dss6 => "D6", "DSS 6";
    Dss7 => "D7", "DSS 7";
    Dss8 => "D8", "DSS 8";
    Dss9 => "D9", "DSS 9";
    Dss10 => "D10", "DSS 10";
    Conference => "F_CONFERENCE", "Conference";
    Soft1 => "F1", "Soft key 1";
    Soft2 => "F2", "Soft key 2";
    Soft3 => "F3", "Soft key 3";
    Soft4 => "F4", "Soft key 4";
    Message => "MSG", "Messages";
    Headset => "HEADSET", "Headset";
    Redial => "RD", "Redial (RD)";
    Up => "UP", "Up";
    Down => "DOWN", "Down";
    Left => "LEFT", "Left";
    Right => "RIGHT", "Right";
    Reboot => "Reboot", "Reboot";
    AutoProvision => "AutoP", "Auto provision";
    DndOn => "DNDOOn", "DND on";
    DndOff => "DNDOff", "DND off";
}

impl Key {
    /// The key whose wire name is exactly `name` (case sensitive).
    pub fn from_wire(name: &str) -> Option<Key> {
        Key::ALL.iter().copied().find(|k| k.wire() == name)
    }

    /// The key that sends the DTMF tone of `c` (`0`-`9`, `*`, `#`), if any.
    pub fn dtmf(c: char) -> Option<Key> {
        match c {
            '#' => Some(Key::Pound),
            '*' => Some(Key::Star),
            '0'..='9' => Key::from_wire(c.encode_utf8(&mut [0; 4])),
            _ => None,
        }
    }

    /// The DTMF tone this key sends (`0`-`9`, `*`, `#`), if it is a keypad key.
    pub fn dtmf_char(self) -> Option<char> {
        self.dtmf_text()?.chars().next()
    }

    /// [`Key::dtmf_char`] as text, for the brands that send the keypad's keys as they are.
    pub fn dtmf_text(self) -> Option<&'static str> {
        match self {
            Key::Pound => Some("#"),
            Key::Star => Some("*"),
            key => Some(key.wire()).filter(|wire| wire.starts_with(|c: char| c.is_ascii_digit())),
        }
    }
}

impl Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.wire())
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        let name = String::deserialize(deserializer)?;
        Key::from_wire(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown key {name:?}")))
    }
}

/// Which of the Htek guide's two forms a key press is sent in: Htek's alone (`htek::KeyForm`);
/// it lives here so that a phone's [`super::request::Setup`] can carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyForm {
    /// `Command=3&key=K`, the guide's main form.
    #[default]
    Command3,
    /// `key=K` alone.
    Bare,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtmf_keys() {
        let keys: Vec<&str> = "0123456789*#"
            .chars()
            .map(|c| Key::dtmf(c).unwrap().wire())
            .collect();
        assert_eq!(
            keys,
            ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "POUND"]
        );
        assert_eq!(Key::dtmf('+'), None);
        assert_eq!(Key::dtmf('a'), None);
        for c in "0123456789*#".chars() {
            assert_eq!(Key::dtmf(c).unwrap().dtmf_char(), Some(c));
        }
        let keypad = Key::ALL.iter().filter(|k| k.dtmf_char().is_some()).count();
        assert_eq!(keypad, 12, "D1 or L1 are no keypad keys");
    }
}
