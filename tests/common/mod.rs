//! Helpers shared by the integration tests: loading vectors from `tests/vectors/`.

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// `tests/vectors/<dir>`.
pub fn vector_dir(dir: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(dir)
}

/// Reads `tests/vectors/<dir>/<name>.json`.
pub fn load(dir: &str, name: &str) -> Value {
    let path = vector_dir(dir).join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every vector name in `tests/vectors/<dir>`, sorted.
pub fn names(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(vector_dir(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
        .collect();
    names.sort();
    names
}

/// Follows a path like `AgentDealSet[0].GoodsPrice.RealTotalCost` into `value`.
pub fn at<'v>(value: &'v Value, path: &str) -> &'v Value {
    let mut current = value;
    for part in path.split('.') {
        let (key, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            current = current
                .get(key)
                .unwrap_or_else(|| panic!("no {key} in {path}"));
        }
        for index in indexes.split(']').filter(|s| !s.is_empty()) {
            let i: usize = index.trim_start_matches('[').parse().unwrap();
            current = current
                .get(i)
                .unwrap_or_else(|| panic!("no [{i}] in {path}"));
        }
    }
    current
}

/// Lists which vector names a test file covers, and fails if a file on disk is not covered.
pub fn assert_all_covered(dir: &str, covered: &[&str]) {
    let mut covered: Vec<String> = covered.iter().map(|s| s.replace('_', "-")).collect();
    covered.sort();
    assert_eq!(
        names(dir),
        covered,
        "every vector file in tests/vectors/{dir} needs its own named test"
    );
}
