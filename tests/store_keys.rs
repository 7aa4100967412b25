//! Everything the extension keeps in the browser's storage, pinned: each [`StoreKey`] keeps its
//! area and name, no two share a name, every key declared in `src/` is in the table below, and
//! each value as stored today (JSON as `storage.local.get` returns it: plain numbers) reads
//! into the key's type and writes back the same. A rename of a key, or of a field of what it
//! holds, would lose what existing users have stored: these tests fail on it.

use click_to_dial::store::{Area, StoreKey};
use click_to_dial::{bridge, command, incoming, pages, settings};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One key: where it is, and a value as the browser holds it.
struct Row {
    key: String,
    area: Area,
    name: &'static str,
    stored: &'static str,
    round_trip: fn(&Value) -> Result<Value, String>,
}

fn row<T: Serialize + DeserializeOwned>(
    key: &str,
    stored_key: StoreKey<T>,
    (area, name): (Area, &'static str),
    stored: &'static str,
) -> Row {
    assert_eq!(
        (stored_key.area(), stored_key.name()),
        (area, name),
        "{key} moved: what users have stored would be lost"
    );
    Row {
        key: key.to_string(),
        area,
        name,
        stored,
        round_trip: round_trip::<T>,
    }
}

/// `stored` read as a `T` and written back as the web layer writes it (serde, JSON shape).
fn round_trip<T: Serialize + DeserializeOwned>(stored: &Value) -> Result<Value, String> {
    let value: T = serde_json::from_value(stored.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(value).map_err(|e| e.to_string())
}

fn table() -> Vec<Row> {
    use Area::{Local, Session};
    vec![
        row(
            "settings::SETTINGS",
            settings::SETTINGS,
            (Local, "settings"),
            r#"{"version":8,"phoneId":"1","phoneName":"Desk phone",
            "phoneAddress":"192.168.0.124","brand":"yealink","scheme":"http",
            "username":"admin","password":"s3cret","credentialsFor":"http://192.168.0.124",
            "account":"2","accountUris":["501@pbx.example","502@pbx.example"],"defaultCountry":"DE","otherCountries":["AT","CH"],"timeoutSeconds":5,
            "keyForm":"command3","cancelWindow":false,"keepHistory":true,
            "dialing":{"areaCode":"30","internationalPrefix":"","nationalPrefix":null,
            "outsideLine":"0","internationalFormat":"accessPrefix","extension":"drop",
            "rewrite":[{"pattern":"0049","replacement":"0"}]},
            "pages":{"mode":"highlight","takeOverDialLinks":true,"allow":[],"deny":[],
            "sites":{"crm.example.com":"links"}},
            "incoming":{"enabled":true,"port":8765,"token":"0123456789abcdef0123456789abcdef",
            "address":"","screenPop":"","autoOpen":false,"receiverOnly":false},
            "safety":{"askCostly":true,"askAbroad":false},
            "otherPhones":[{"id":"2","name":"Conference room","phoneAddress":"10.0.0.8:8080",
            "brand":"snom","scheme":"https","username":"admin","password":"room",
            "credentialsFor":"https://10.0.0.8:8080","account":"auto","accountUris":[]}]}"#,
        ),
        row(
            "command::outcome::HISTORY",
            command::outcome::HISTORY,
            (Local, "history"),
            r#"[{"atMs":1767225600000,"number":"+49 30 1234567","kind":"dialing","success":true},
            {"atMs":1767225500000,"number":"+33 1 23 45 67 89","kind":"timeout","success":false}]"#,
        ),
        row(
            "command::outcome::LAST_REPORT",
            command::outcome::LAST_REPORT,
            (Session, "lastReport"),
            r#"{"outcome":{"kind":"dialing","number":"+49 30 1234567","dialed":"0301234567",
            "phone":"192.168.0.124"},"title":"Dialing +49 30 1234567",
            "message":"Your phone at 192.168.0.124 is dialing 0301234567.","success":true,
            "atMs":1767225600000}"#,
        ),
        row(
            "command::dispatch::PENDING_DIAL",
            command::dispatch::PENDING_DIAL,
            (Session, "pendingDial"),
            r#"{"number":"+49 30 1234567","untilMs":1767225605000}"#,
        ),
        row(
            "command::dispatch::PENDING_DTMF",
            command::dispatch::PENDING_DTMF,
            (Session, "pendingDtmf"),
            r#"{"digits":"42","phone":"1","number":"+12065550100","sinceMs":1767225600000.0,
            "pauses":1}"#,
        ),
        row(
            "bridge::SITE_CHOICES",
            bridge::SITE_CHOICES,
            (Local, "bridgeSites"),
            r#"{"https://ads.example":"never","https://crm.example.com":"allow"}"#,
        ),
        row(
            "pages::ANNOUNCE_MARKS",
            pages::ANNOUNCE_MARKS,
            (Local, "announceMarks"),
            "true",
        ),
        row(
            "bridge::EXTRA_DIALS",
            bridge::EXTRA_DIALS,
            (Session, "bridgeExtraDials"),
            r#"{"https://crm.example.com":2}"#,
        ),
        row(
            "incoming::inbox::CALL_STATE",
            incoming::inbox::CALL_STATE,
            (Session, "callState"),
            r#"{"calls":[{"callId":"7","party":{"number":"0301234567","name":"Erika Mustermann"},
            "direction":"incoming","phase":"connected","startedMs":1767225600000,
            "connectedMs":1767225603000,"held":false}],"dnd":false,
            "forwarding":{"always":false,"busy":true,"noAnswer":false},"registered":true,
            "missed":[]}"#,
        ),
        row(
            "incoming::inbox::MISSED_CALLS",
            incoming::inbox::MISSED_CALLS,
            (Local, "missedCalls"),
            r#"[{"number":"0309876543","name":null,"atMs":1767225000000}]"#,
        ),
        row(
            "incoming::inbox::RECEIVER_STATUS",
            incoming::inbox::RECEIVER_STATUS,
            (Session, "receiverStatus"),
            r#"{"state":"listening","addr":"127.0.0.1:8765","version":"0.1.0",
            "lastRefused":{"from":"192.168.0.99","reason":"wrongToken","atMs":1767225000000}}"#,
        ),
        row(
            "incoming::inbox::RINGING_NOTICE",
            incoming::inbox::RINGING_NOTICE,
            (Session, "ringingNotice"),
            r#"{"id":"incoming:1767225600000",
            "party":{"number":"0301234567","name":"Erika Mustermann"}}"#,
        ),
    ]
}

/// `value` with every number as a float: the browser keeps JS numbers, so `5` and `5.0` are
/// one value there.
fn numbers_as_floats(value: &Value) -> Value {
    match value {
        Value::Number(n) => n.as_f64().map_or(Value::Null, Value::from),
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_floats).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), numbers_as_floats(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn every_stored_value_reads_and_writes_back_as_stored_today() {
    for row in table() {
        let stored: Value = serde_json::from_str(row.stored).expect(row.name);
        let written = (row.round_trip)(&stored)
            .unwrap_or_else(|e| panic!("{}: what is stored today does not read: {e}", row.key));
        assert_eq!(
            numbers_as_floats(&written),
            numbers_as_floats(&stored),
            "{}: written back in another shape",
            row.key
        );
    }
}

/// The extension's pages watch changes by name, so no two keys share one, whatever the area.
#[test]
fn no_two_keys_share_a_name() {
    let table = table();
    let names: BTreeSet<&str> = table.iter().map(|row| row.name).collect();
    assert_eq!(names.len(), table.len(), "a name is used twice");
}

/// Every key `src/` declares (`StoreKey::local("...")`, `StoreKey::session("...")` outside
/// comments and unit tests) is in the table, and the table has no key `src/` does not declare.
#[test]
fn the_table_has_every_key_src_declares() {
    let mut declared = BTreeSet::new();
    for file in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.lines().take_while(|l| l.trim() != "#[cfg(test)]");
        for line in code.filter(|l| !l.trim_start().starts_with("//")) {
            for area in [Area::Local, Area::Session] {
                let opening = format!("StoreKey::{}(\"", area.name());
                for (at, _) in line.match_indices(&opening) {
                    let name = line[at + opening.len()..].split('"').next().unwrap();
                    declared.insert((area, name.to_string()));
                }
            }
        }
    }
    let table: BTreeSet<(Area, String)> = table()
        .iter()
        .map(|row| (row.area, row.name.to_string()))
        .collect();
    assert_eq!(declared, table);
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}
