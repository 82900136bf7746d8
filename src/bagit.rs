//! BagIt (RFC 8493) bags serialized as zip: writing them byte for byte the
//! same for the same content, and verifying them without trusting anything
//! inside.
//!
//! A bag here is one top-level folder holding `bagit.txt`, `bag-info.txt`,
//! `manifest-sha256.txt`, `tagmanifest-sha256.txt` and the payload under
//! `data/`. Verification reads the zip in memory, with limits, and never
//! writes a file: a hostile zip (paths with `..` or absolute, links, zip
//! bombs) can only make it report problems.

use std::collections::BTreeMap;
use std::io::{Read, Seek, Write};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

pub const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/// Limits for reading a zip we did not necessarily make.
const MAX_ENTRIES: usize = 100_000;
const MAX_TOTAL_BYTES: u64 = 4 * 1024 * 1024 * 1024;
const MAX_RATIO: u64 = 1_000;

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A bag to write: payload files (paths relative to `data/`, `/`
/// separated) and the bag-info fields in order.
pub struct Bag {
    pub name: String,
    pub payload: BTreeMap<String, Vec<u8>>,
    pub info: Vec<(String, String)>,
}

impl Bag {
    /// `manifest-sha256.txt`: one line per payload file, sorted by path.
    pub fn manifest(&self) -> String {
        self.payload
            .iter()
            .map(|(path, bytes)| format!("{}  data/{path}\n", sha256_hex(bytes)))
            .collect()
    }

    /// `<octets>.<files>` of the payload.
    pub fn payload_oxum(&self) -> String {
        let octets: usize = self.payload.values().map(Vec::len).sum();
        format!("{octets}.{}", self.payload.len())
    }

    /// The bag as zip bytes: entries sorted, fixed timestamps and
    /// permissions, so the same content always gives the same bytes.
    pub fn to_zip(&self) -> zip::result::ZipResult<Vec<u8>> {
        let mut info = String::new();
        for (k, v) in &self.info {
            info.push_str(&format!("{k}: {}\n", v.replace(['\n', '\r'], " ")));
        }
        let manifest = self.manifest();
        let tag_files: [(&str, &[u8]); 3] = [
            ("bag-info.txt", info.as_bytes()),
            ("bagit.txt", BAGIT_TXT.as_bytes()),
            ("manifest-sha256.txt", manifest.as_bytes()),
        ];
        let tagmanifest: String = tag_files
            .iter()
            .map(|(name, bytes)| format!("{}  {name}\n", sha256_hex(bytes)))
            .collect();
        let mut entries: BTreeMap<String, &[u8]> = BTreeMap::new();
        for (name, bytes) in tag_files {
            entries.insert(format!("{}/{name}", self.name), bytes);
        }
        entries.insert(
            format!("{}/tagmanifest-sha256.txt", self.name),
            tagmanifest.as_bytes(),
        );
        for (path, bytes) in &self.payload {
            entries.insert(format!("{}/data/{path}", self.name), bytes);
        }
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::DEFAULT)
            .unix_permissions(0o644);
        let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            zip.start_file(name, options)?;
            zip.write_all(bytes)?;
        }
        Ok(zip.finish()?.into_inner())
    }
}

/// What verification found. Empty lists and no `problems` mean valid.
#[derive(Debug, Default)]
pub struct Report {
    /// The bag's top-level folder.
    pub name: String,
    /// Listed in the manifest, absent from the zip.
    pub missing: Vec<String>,
    /// In the zip's `data/`, not in the manifest.
    pub extra: Vec<String>,
    /// Present, but the checksum differs.
    pub altered: Vec<String>,
    /// Everything else: structure, tag files, Payload-Oxum, unsafe entries.
    pub problems: Vec<String>,
    pub bag_info: Vec<(String, String)>,
    pub files: usize,
}

impl Report {
    pub fn is_valid(&self) -> bool {
        self.missing.is_empty()
            && self.extra.is_empty()
            && self.altered.is_empty()
            && self.problems.is_empty()
    }

    pub fn info(&self, key: &str) -> Option<&str> {
        self.bag_info
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a zip could not be read at all (exit code 2).
#[derive(Debug)]
pub struct Unreadable(pub String);

/// Reads every entry into memory, refusing what a bag made by tkm never
/// holds: absolute or `..` paths, links, too many or too large entries.
fn read_entries<R: Read + Seek>(
    reader: R,
    report: &mut Report,
) -> Result<BTreeMap<String, Vec<u8>>, Unreadable> {
    let mut zip = ZipArchive::new(reader)
        .map_err(|e| Unreadable(format!("bukan berkas zip yang dapat dibaca ({e})")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(Unreadable(format!(
            "berisi {} entri; terlalu banyak untuk sebuah arsip",
            zip.len()
        )));
    }
    let mut entries = BTreeMap::new();
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut file = zip
            .by_index(i)
            .map_err(|e| Unreadable(format!("entri ke-{} tidak dapat dibaca ({e})", i + 1)))?;
        let name = file
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("(entri ke-{})", i + 1));
        if file.is_dir() {
            continue;
        }
        if file.is_symlink() {
            report.problems.push(format!(
                "{name}: tautan (symlink) tidak diperbolehkan; tidak dibaca"
            ));
            continue;
        }
        let unsafe_path = name.starts_with('/')
            || name.starts_with('\\')
            || name.contains('\\')
            || name
                .split('/')
                .any(|part| part == ".." || part.contains(':'))
            || file.enclosed_name().is_none();
        if unsafe_path {
            report.problems.push(format!(
                "{name}: jalur berkas tidak aman (mutlak atau berisi ..); tidak dibaca"
            ));
            continue;
        }
        let declared = file.size();
        let compressed = file.compressed_size().max(1);
        if declared / compressed > MAX_RATIO && declared > 10 * 1024 * 1024 {
            return Err(Unreadable(format!(
                "{name}: rasio pemampatan {}:1 tidak wajar (bom zip?); tidak dibaca",
                declared / compressed
            )));
        }
        if total + declared > MAX_TOTAL_BYTES {
            return Err(Unreadable("isi zip melebihi 4 GiB; tidak dibaca".into()));
        }
        // Read at most what was declared (plus one byte to notice a lie).
        let mut bytes = Vec::with_capacity(declared.min(64 * 1024 * 1024) as usize);
        (&mut file)
            .take(declared + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Unreadable(format!("{name}: isi tidak dapat dibaca ({e})")))?;
        if bytes.len() as u64 != declared {
            return Err(Unreadable(format!(
                "{name}: ukuran isi tidak sesuai dengan yang tercatat"
            )));
        }
        total += declared;
        entries.insert(name, bytes);
    }
    Ok(entries)
}

/// Parses `<checksum>  <path>` lines; bad lines become problems.
fn parse_manifest(text: &str, file: &str, report: &mut Report) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match line.split_once(char::is_whitespace) {
            Some((sum, path)) if sum.len() == 64 && sum.chars().all(|c| c.is_ascii_hexdigit()) => {
                map.insert(path.trim_start().to_string(), sum.to_ascii_lowercase());
            }
            _ => report.problems.push(format!(
                "{file} baris {}: bukan \"<sha256>  <jalur>\"",
                i + 1
            )),
        }
    }
    map
}

/// The payload checksums a bag's manifest lists (paths without `data/`),
/// read with the same care as [`verify`].
pub fn payload_sums<R: Read + Seek>(reader: R) -> Result<BTreeMap<String, String>, Unreadable> {
    let mut report = Report::default();
    let entries = read_entries(reader, &mut report)?;
    let manifest = entries
        .iter()
        .find(|(k, _)| k.ends_with("/manifest-sha256.txt") && k.matches('/').count() == 1)
        .map(|(_, v)| String::from_utf8_lossy(v).to_string())
        .ok_or_else(|| Unreadable("manifest-sha256.txt tidak ada".into()))?;
    Ok(
        parse_manifest(&manifest, "manifest-sha256.txt", &mut report)
            .into_iter()
            .map(|(path, sum)| (path.trim_start_matches("data/").to_string(), sum))
            .collect(),
    )
}

/// Verifies a serialized bag and names every missing, extra and altered
/// file, not just the first.
pub fn verify<R: Read + Seek>(reader: R) -> Result<Report, Unreadable> {
    let mut report = Report::default();
    let entries = read_entries(reader, &mut report)?;
    // The bag is the one top-level folder holding bagit.txt.
    let roots: Vec<&str> = entries
        .keys()
        .filter_map(|k| k.strip_suffix("/bagit.txt"))
        .filter(|r| !r.contains('/'))
        .collect();
    let root = match roots.as_slice() {
        [one] => one.to_string(),
        [] => {
            report
                .problems
                .push("tidak ada bagit.txt di folder teratas: bukan bag BagIt".into());
            return Ok(report);
        }
        _ => {
            report.problems.push(format!(
                "lebih dari satu bag di dalam zip: {}",
                roots.join(", ")
            ));
            return Ok(report);
        }
    };
    report.name = root.clone();
    let prefix = format!("{root}/");
    let get = |name: &str| entries.get(&format!("{prefix}{name}"));
    for name in entries.keys() {
        if !name.starts_with(&prefix) {
            report.extra.push(name.clone());
        } else if !name[prefix.len()..].starts_with("data/") {
            let tag = &name[prefix.len()..];
            if ![
                "bagit.txt",
                "bag-info.txt",
                "manifest-sha256.txt",
                "tagmanifest-sha256.txt",
            ]
            .contains(&tag)
            {
                report
                    .problems
                    .push(format!("berkas tag tak dikenal: {tag}"));
            }
        }
    }
    match get("bagit.txt").map(|b| String::from_utf8_lossy(b).replace("\r\n", "\n")) {
        Some(text)
            if text.contains("BagIt-Version:")
                && text.contains("Tag-File-Character-Encoding: UTF-8") => {}
        _ => report.problems.push("bagit.txt tidak sah".into()),
    }
    if let Some(info) = get("bag-info.txt") {
        for line in String::from_utf8_lossy(info).lines() {
            if let Some((k, v)) = line.split_once(':') {
                report
                    .bag_info
                    .push((k.trim().to_string(), v.trim().to_string()));
            }
        }
    } else {
        report.problems.push("bag-info.txt tidak ada".into());
    }
    let Some(manifest) = get("manifest-sha256.txt") else {
        report.problems.push("manifest-sha256.txt tidak ada".into());
        return Ok(report);
    };
    let listed = parse_manifest(
        &String::from_utf8_lossy(manifest),
        "manifest-sha256.txt",
        &mut report,
    );
    let payload: BTreeMap<&str, &Vec<u8>> = entries
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix(&prefix)
                .filter(|p| p.starts_with("data/"))
                .map(|p| (p, v))
        })
        .collect();
    for (path, sum) in &listed {
        match payload.get(path.as_str()) {
            None => report.missing.push(path.clone()),
            Some(bytes) if sha256_hex(bytes) != *sum => report.altered.push(path.clone()),
            Some(_) => {}
        }
    }
    for path in payload.keys() {
        if !listed.contains_key(*path) {
            report.extra.push(path.to_string());
        }
    }
    report.files = payload.len();
    let octets: usize = payload.values().map(|b| b.len()).sum();
    let oxum = format!("{octets}.{}", payload.len());
    match report.info("Payload-Oxum").map(str::to_string) {
        Some(declared) if declared == oxum => {}
        Some(declared) => report.problems.push(format!(
            "Payload-Oxum tercatat {declared}, isi sebenarnya {oxum}"
        )),
        None => report
            .problems
            .push("bag-info.txt tanpa Payload-Oxum".into()),
    }
    match get("tagmanifest-sha256.txt") {
        None => report
            .problems
            .push("tagmanifest-sha256.txt tidak ada".into()),
        Some(tm) => {
            let tags = parse_manifest(
                &String::from_utf8_lossy(tm),
                "tagmanifest-sha256.txt",
                &mut report,
            );
            for (path, sum) in &tags {
                match get(path) {
                    None => report.missing.push(path.clone()),
                    Some(bytes) if sha256_hex(bytes) != *sum => report.altered.push(path.clone()),
                    Some(_) => {}
                }
            }
        }
    }
    report.missing.sort();
    report.extra.sort();
    report.altered.sort();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bag() -> Bag {
        let mut payload = BTreeMap::new();
        payload.insert("a.txt".to_string(), b"satu".to_vec());
        payload.insert("sub/b.txt".to_string(), b"dua".to_vec());
        let mut b = Bag {
            name: "TKM-1".into(),
            payload,
            info: vec![("External-Identifier".into(), "TKM-1".into())],
        };
        let oxum = b.payload_oxum();
        b.info.push(("Payload-Oxum".into(), oxum));
        b
    }

    #[test]
    fn a_bag_round_trips_and_is_deterministic() {
        let z1 = bag().to_zip().unwrap();
        let z2 = bag().to_zip().unwrap();
        assert_eq!(z1, z2);
        let r = verify(std::io::Cursor::new(z1)).unwrap();
        assert!(r.is_valid(), "{r:?}");
        assert_eq!(r.files, 2);
        assert_eq!(r.info("External-Identifier"), Some("TKM-1"));
    }

    #[test]
    fn garbage_is_unreadable_not_a_panic() {
        assert!(verify(std::io::Cursor::new(b"bukan zip".to_vec())).is_err());
    }

    #[test]
    fn hostile_entries_are_refused() {
        let options = SimpleFileOptions::default();
        let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("TKM-1/bagit.txt", options).unwrap();
        zip.write_all(BAGIT_TXT.as_bytes()).unwrap();
        zip.start_file("../../etc/evil", options).unwrap();
        zip.write_all(b"x").unwrap();
        zip.start_file("/abs", options).unwrap();
        zip.write_all(b"x").unwrap();
        zip.add_symlink("TKM-1/data/link", "/etc/passwd", options)
            .unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let r = verify(std::io::Cursor::new(bytes)).unwrap();
        assert!(!r.is_valid());
        assert!(
            r.problems.iter().any(|p| p.contains("../../etc/evil")),
            "{r:?}"
        );
        assert!(r.problems.iter().any(|p| p.contains("/abs")), "{r:?}");
        assert!(r.problems.iter().any(|p| p.contains("symlink")), "{r:?}");
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_inflated() {
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("TKM-1/data/bom", options).unwrap();
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..64 {
            zip.write_all(&zeros).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 1024 * 1024);
        let err = verify(std::io::Cursor::new(bytes)).unwrap_err();
        assert!(err.0.contains("rasio"), "{}", err.0);
    }
}
