//! The one-pass table checker and the full readers give the same verdict, and the same
//! model, on every response vector, on systematic mutations of them (every value swapped
//! for values of other types, keys repeated, bytes broken) and on the local fuzz corpus; and
//! the table interpreter reports the same issues, with the same paths, as the generated
//! per-model readers.

mod differential;

use std::collections::BTreeMap;
use std::path::Path;

use differential::Clients;
use quotakit::RawResponse;
use serde_json::Value;

const VENDORS: [&str; 4] = ["tencent", "baidu", "polyv", "douyin"];

fn vectors() -> Vec<(String, RawResponse)> {
    let mut out = Vec::new();
    for vendor in VENDORS {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors")
            .join(vendor);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let headers: BTreeMap<String, String> =
                serde_json::from_value(v["headers"].clone()).unwrap_or_default();
            let raw = RawResponse {
                status: v["status"].as_u64().unwrap() as u16,
                headers,
                body: v["body"].as_str().unwrap().to_owned(),
            };
            out.push((
                file.file_name().unwrap().to_string_lossy().into_owned(),
                raw,
            ));
        }
    }
    out
}

fn assert_agree(clients: &Clients, name: &str, raw: &RawResponse) -> usize {
    clients
        .agree(raw)
        .unwrap_or_else(|why| panic!("{name}: {why}\n  body: {}", raw.body))
}

/// Every value of `doc` replaced, one at a time, by each of `others`.
fn swaps(doc: &Value, others: &[Value]) -> Vec<Value> {
    fn walk(doc: &Value, at: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
        out.push(at.clone());
        match doc {
            Value::Object(map) => map.iter().for_each(|(k, v)| {
                at.push(PathStep::Key(k.clone()));
                walk(v, at, out);
                at.pop();
            }),
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| {
                at.push(PathStep::Index(i));
                walk(v, at, out);
                at.pop();
            }),
            _ => {}
        }
    }
    let mut paths = Vec::new();
    walk(doc, &mut Vec::new(), &mut paths);
    let mut out = Vec::new();
    for path in paths {
        for other in others {
            let mut copy = doc.clone();
            let mut slot = &mut copy;
            for step in &path {
                slot = match step {
                    PathStep::Key(k) => slot.get_mut(k.as_str()).unwrap(),
                    PathStep::Index(i) => slot.get_mut(*i).unwrap(),
                };
            }
            *slot = other.clone();
            out.push(copy);
        }
        // And the field removed, where it is one.
        if let Some((PathStep::Key(last), parent)) = path.split_last().map(|(l, p)| (l.clone(), p))
        {
            let mut copy = doc.clone();
            let mut slot = &mut copy;
            for step in parent {
                slot = match step {
                    PathStep::Key(k) => slot.get_mut(k.as_str()).unwrap(),
                    PathStep::Index(i) => slot.get_mut(*i).unwrap(),
                };
            }
            slot.as_object_mut().unwrap().remove(&last);
            out.push(copy);
        }
    }
    out
}

#[derive(Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

#[test]
fn vectors_agree() {
    let clients = Clients::new();
    let mut accepted = 0;
    for (name, raw) in vectors() {
        accepted += assert_agree(&clients, &name, &raw);
    }
    assert!(
        accepted >= 6,
        "the success vectors are accepted by the table: {accepted}"
    );
}

#[test]
fn every_value_swapped_for_another_type_agrees() {
    let others: Vec<Value> = serde_json::from_str(
        r#"[null, "", "x", "\u00e9", 0, -1, 1.5, 2.0, 1e2, 9007199254740991, 9007199254740992,
            -9007199254740992, 12345678901234567890, true, false, [], [null], {}, {"x": 1}]"#,
    )
    .unwrap();
    let clients = Clients::new();
    let (mut total, mut accepted, mut explained) = (0, 0, 0);
    for (name, raw) in vectors() {
        let Ok(doc) = serde_json::from_str::<Value>(&raw.body) else {
            continue;
        };
        for mutant in swaps(&doc, &others) {
            explained +=
                differential::issues_agree(&mutant).unwrap_or_else(|why| panic!("{name}: {why}"));
            let body = mutant.to_string();
            let raw = RawResponse {
                body,
                ..raw.clone()
            };
            accepted += usize::from(assert_agree(&clients, &name, &raw) > 0);
            total += 1;
        }
    }
    eprintln!("{total} typed mutants, {accepted} accepted by some operation, {explained} models explained");
    assert!(
        explained > total,
        "the table's issues were compared on {explained} models"
    );
    assert!(
        total > 1000 && accepted > 100,
        "{total} mutants, {accepted} accepted"
    );
}

#[test]
fn broken_bytes_and_repeated_keys_agree() {
    const PIECES: [&str; 12] = [
        "", "\"", "\\", "}", "]", ",", "0", "-", "e", " ", "\\u0041", "\\ud800",
    ];
    let clients = Clients::new();
    let mut total = 0;
    for (name, raw) in vectors() {
        let body = &raw.body;
        let cuts: Vec<usize> = (0..=body.len())
            .filter(|&i| body.is_char_boundary(i))
            .collect();
        // At most ~60 places a body, spread evenly, each broken in every way.
        let step = (cuts.len() / 60).max(1);
        for &at in cuts.iter().step_by(step) {
            for piece in PIECES {
                let next = cuts
                    .iter()
                    .find(|&&c| c > at)
                    .copied()
                    .unwrap_or(body.len());
                for mutated in [
                    format!("{}{piece}{}", &body[..at], &body[at..]),
                    format!("{}{piece}{}", &body[..at], &body[next..]),
                ] {
                    let raw = RawResponse {
                        body: mutated,
                        ..raw.clone()
                    };
                    assert_agree(&clients, &name, &raw);
                    total += 1;
                }
            }
        }
        // Each key repeated in its object: `"K":` → `"K":null,"K":`.
        for (at, _) in body.match_indices("\":") {
            let Some(open) = body[..at].rfind('"') else {
                continue;
            };
            let key = &body[open..at + 2];
            let mutated = format!("{}{key}null,{}", &body[..open], &body[open..]);
            let raw = RawResponse {
                body: mutated,
                ..raw.clone()
            };
            assert_agree(&clients, &name, &raw);
            total += 1;
        }
    }
    eprintln!("{total} byte-level mutants");
}

#[test]
fn the_local_fuzz_corpus_agrees() {
    // cargo-fuzz's corpus is not in git; `make test` grows it with the fuzz smoke.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/responses");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no local fuzz corpus at {}", dir.display());
        return;
    };
    let clients = Clients::new();
    let mut total = 0;
    for entry in entries {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        let Some(raw) = differential::fuzz_input(&data) else {
            continue;
        };
        assert_agree(&clients, "fuzz corpus", &raw);
        total += 1;
    }
    eprintln!("{total} fuzz corpus entries");
}
