//! Writing outputs safely: every file is written to a temporary file in the
//! same folder and renamed into place, so a run that dies leaves the
//! previous file intact and never a half-written one under the final name.
//! Names built from data (a kode, a participant's name) are sanitised so
//! that nothing is ever written outside the outputs folder.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The outputs folder, and what this run wrote into it.
pub struct Outputs {
    root: PathBuf,
    written: BTreeSet<PathBuf>,
}

impl Outputs {
    pub fn new(root: &Path) -> Outputs {
        Outputs {
            root: root.to_path_buf(),
            written: BTreeSet::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` to `rel` (a path of already-sanitised components)
    /// under the outputs folder, atomically.
    pub fn write(&mut self, rel: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let path = self.root.join(rel);
        write_atomic(&path, bytes)?;
        self.written.insert(path.clone());
        Ok(path)
    }

    /// Removes files in `dir` (relative) with the given extension that this
    /// run did not write: invitations of participants no longer listed.
    pub fn remove_stale(&self, dir: &Path, ext: &str) -> std::io::Result<usize> {
        let dir = self.root.join(dir);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(0);
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            let matches = path.extension().and_then(|e| e.to_str()) == Some(ext);
            if matches && path.is_file() && !self.written.contains(&path) {
                std::fs::remove_file(&path)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    pub fn written(&self) -> usize {
        self.written.len()
    }
}

/// Writes a file atomically: temporary file in the target folder, flush,
/// then rename over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tkm-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Makes one path component from text taken from the data: letters,
/// digits, spaces, `-`, `_` and `.` are kept (non-ASCII letters too); path
/// separators, reserved characters and control characters become `_`;
/// leading dots and trailing dots/spaces are removed; Windows device names
/// get a `_` prefix; the result is at most `max` characters.
pub fn sanitize(text: &str, max: usize) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | ',' | '(' | ')' | '\'') {
                c
            } else {
                '_'
            }
        })
        .collect();
    out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = out.chars().take(max).collect();
    out = out
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_string();
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        out.insert(0, '_');
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_data_cannot_escape_the_folder() {
        assert_eq!(sanitize("../../etc/passwd", 60), "_.._etc_passwd");
        assert_eq!(sanitize("a/b\\c", 60), "a_b_c");
        assert_eq!(sanitize("CON", 60), "_CON");
        assert_eq!(sanitize("con.txt", 60), "_con.txt");
        assert_eq!(sanitize("..", 60), "_");
        assert_eq!(sanitize("", 60), "_");
        assert_eq!(sanitize("Nur'aini Ç", 60), "Nur'aini Ç");
        assert_eq!(sanitize(&"x".repeat(300), 60).len(), 60);
        assert_eq!(sanitize("TKM-2026-11-01", 60), "TKM-2026-11-01");
        assert_eq!(sanitize("a\0b\nc", 60), "a_b_c");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/x.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }
}
