//! Writing outputs safely: every file is written to a temporary file in the
//! same folder and renamed into place, so a run that dies leaves the
//! previous file intact and never a half-written one under the final name.
//! Names built from data (a kode, a participant's name) are sanitised so
//! that nothing is ever written outside the outputs folder.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Who may read a written file (Unix permissions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Readable by everyone (0644): documents meant to be circulated.
    Shared,
    /// Owner only (0600): files holding personal data (full NIKs, phone
    /// numbers, names with results), per UU 24/2013 Pasal 84 and UU 27/2022.
    OwnerOnly,
}

/// Whether an output holds personal data beyond what circulated documents
/// show: entry forms and findings (full NIKs), the WhatsApp page (phone
/// numbers), the letter register (names), archive bundles (everything).
pub fn is_personal(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    matches!(
        name,
        "daftar-hadir.xlsx"
            | "evaluasi-isian.xlsx"
            | "undangan-whatsapp.html"
            | "temuan.xlsx"
            | "nomor-surat.csv"
    ) || name.ends_with(".zip")
}

/// The outputs folder, and what this run wrote into it. Holding it holds
/// the folder's [`Lock`], so two runs never write into one folder at once.
pub struct Outputs {
    root: PathBuf,
    written: BTreeSet<PathBuf>,
    /// Whether personal-data outputs are made owner-only.
    owner_only: bool,
    /// Why the folder stopped taking files (disk full, read-only, …):
    /// after the first such failure nothing more is attempted.
    failure: Option<String>,
    _lock: Lock,
}

impl Outputs {
    /// Opens (creating) the outputs folder for one run: takes its lock and
    /// removes the temporary files an earlier, killed run left behind.
    pub fn open(root: &Path, owner_only: bool) -> Result<Outputs, String> {
        let lock = Lock::acquire(root)?;
        remove_stale_temporaries(root);
        Ok(Outputs {
            root: root.to_path_buf(),
            written: BTreeSet::new(),
            owner_only,
            failure: None,
            _lock: lock,
        })
    }

    /// The access a file under the outputs folder gets.
    pub fn access(&self, path: &Path) -> Access {
        access_for(path, self.owner_only)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` to `rel` (a path of already-sanitised components)
    /// under the outputs folder, atomically.
    pub fn write(&mut self, rel: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
        self.attempt(rel, |path, access| write_atomic(path, bytes, access))
    }

    /// Like [`Outputs::write`], but never replaces an existing file.
    pub fn write_new(&mut self, rel: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
        self.attempt(rel, |path, access| write_new(path, bytes, access))
    }

    fn attempt(
        &mut self,
        rel: &Path,
        write: impl FnOnce(&Path, Access) -> std::io::Result<()>,
    ) -> std::io::Result<PathBuf> {
        if let Some(why) = &self.failure {
            return Err(std::io::Error::other(format!(
                "tidak dicoba lagi: folder keluaran {why}"
            )));
        }
        let path = self.root.join(rel);
        if let Err(e) = write(&path, self.access(&path)) {
            // Refused for one file only (on Windows, a PDF open in a
            // viewer cannot be replaced) when the folder still takes new
            // files: that file is reported, the rest go on.
            let folder_writable = || {
                e.kind() == std::io::ErrorKind::PermissionDenied
                    && path
                        .parent()
                        .is_some_and(|dir| tempfile::tempfile_in(dir).is_ok())
            };
            if storage_problem(&e).is_some() && !folder_writable() {
                self.failure = Some(worded(&e));
            }
            return Err(e);
        }
        self.written.insert(path.clone());
        Ok(path)
    }

    /// `Err` with a worded message when the folder stopped taking files
    /// during the run: the run could not finish its work, whatever else it
    /// found. Every file written before is complete.
    pub fn check(&self) -> Result<(), String> {
        match &self.failure {
            None => Ok(()),
            Some(why) => Err(format!(
                "folder keluaran \"{}\" tidak dapat ditulis lagi: {why}. Penulisan dihentikan; berkas yang sudah selesai tetap utuh dan tidak ada berkas setengah jadi. Kosongkan ruang disk atau periksa izin folder itu, lalu jalankan lagi.",
                self.root.display()
            )),
        }
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

/// In words, why a write failed when the failure is the folder's (full,
/// read-only, not allowed) rather than one file's: writing anything more
/// would fail the same way.
pub fn storage_problem(e: &std::io::Error) -> Option<&'static str> {
    use std::io::ErrorKind::*;
    match e.kind() {
        StorageFull => Some("disk penuh"),
        QuotaExceeded => Some("kuota disk habis"),
        FileTooLarge => Some("batas ukuran berkas tercapai"),
        ReadOnlyFilesystem => Some("hanya dapat dibaca (read-only)"),
        PermissionDenied => Some("tidak boleh ditulis (izin ditolak)"),
        _ => None,
    }
}

/// An I/O error for the operator: its reason in words where known, the
/// system's own text after it.
pub fn worded(e: &std::io::Error) -> String {
    match storage_problem(e) {
        Some(why) => format!("{why} ({e})"),
        None => e.to_string(),
    }
}

/// The access for a path given the owner-only setting.
pub fn access_for(path: &Path, owner_only: bool) -> Access {
    if owner_only && is_personal(path) {
        Access::OwnerOnly
    } else {
        Access::Shared
    }
}

/// A complete temporary file beside `path`, with its permissions set.
fn prepared(path: &Path, bytes: &[u8], access: Access) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match access {
            Access::Shared => 0o644,
            Access::OwnerOnly => 0o600,
        };
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = access;
    Ok(tmp)
}

/// Temporary files start with this; a run that was killed leaves them, and
/// the next run removes them.
pub const TEMP_PREFIX: &str = ".tkm-";

/// Writes a file atomically: temporary file in the target folder, flush,
/// then rename over the target.
pub fn write_atomic(path: &Path, bytes: &[u8], access: Access) -> std::io::Result<()> {
    prepared(path, bytes, access)?
        .persist(path)
        .map_err(|e| e.error)?;
    Ok(())
}

/// Like [`write_atomic`], but never replaces an existing file.
pub fn write_new(path: &Path, bytes: &[u8], access: Access) -> std::io::Result<()> {
    prepared(path, bytes, access)?
        .persist_noclobber(path)
        .map_err(|e| e.error)?;
    Ok(())
}

/// Removes temporary files a killed run left under the outputs folder.
/// Only called while holding the [`Lock`], so no other run is writing.
pub fn remove_stale_temporaries(root: &Path) -> usize {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(".tmp"))
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// An exclusive lock on the outputs folder for the length of a run, so
/// that two runs on the same folders do not write over each other.
pub struct Lock {
    _file: std::fs::File,
}

impl Lock {
    pub const FILE_NAME: &'static str = ".tkm.lock";

    /// Takes the lock, creating the outputs folder when needed. Fails with
    /// a worded message when another run holds it or the folder cannot be
    /// written.
    pub fn acquire(root: &Path) -> Result<Lock, String> {
        if root.exists() && !root.is_dir() {
            return Err(format!(
                "\"{}\" adalah berkas, bukan folder; pilih folder keluaran lain dengan --keluaran, atau pindahkan berkas itu",
                root.display()
            ));
        }
        std::fs::create_dir_all(root).map_err(|e| {
            format!(
                "folder keluaran \"{}\" tidak dapat dibuat atau ditulis: {}",
                root.display(),
                worded(&e)
            )
        })?;
        let path = root.join(Lock::FILE_NAME);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| {
                format!(
                    "folder keluaran \"{}\" tidak dapat ditulis: {}",
                    root.display(),
                    worded(&e)
                )
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(format!(
                "folder keluaran \"{}\" sedang dipakai oleh tkm lain yang masih berjalan; tunggu sampai selesai, lalu jalankan lagi",
                root.display()
            )),
            Err(std::fs::TryLockError::Error(e)) => Err(format!(
                "folder keluaran \"{}\" tidak dapat dikunci: {e}",
                root.display()
            )),
        }
    }
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
    fn a_second_lock_on_the_same_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let first = Lock::acquire(dir.path()).unwrap();
        let err = Lock::acquire(dir.path()).err().unwrap();
        assert!(err.contains("sedang dipakai"), "{err}");
        drop(first);
        assert!(Lock::acquire(dir.path()).is_ok());
    }

    #[test]
    fn new_files_never_replace_old_ones_and_personal_data_is_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.zip");
        write_new(&path, b"satu", Access::OwnerOnly).unwrap();
        assert!(write_new(&path, b"dua", Access::OwnerOnly).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"satu");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            let shared = dir.path().join("undangan.pdf");
            write_atomic(&shared, b"x", access_for(&shared, true)).unwrap();
            assert_eq!(
                std::fs::metadata(&shared).unwrap().permissions().mode() & 0o777,
                0o644
            );
        }
        assert_eq!(
            access_for(Path::new("o/TKM-1/daftar-hadir.xlsx"), true),
            Access::OwnerOnly
        );
        assert_eq!(
            access_for(Path::new("o/TKM-1/daftar-hadir.xlsx"), false),
            Access::Shared
        );
        assert_eq!(
            access_for(Path::new("o/TKM-1/daftar-hadir.pdf"), true),
            Access::Shared
        );
    }

    #[test]
    fn stale_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("TKM-1")).unwrap();
        std::fs::write(dir.path().join("TKM-1/.tkm-abc.tmp"), b"half").unwrap();
        std::fs::write(dir.path().join("TKM-1/undangan.pdf"), b"whole").unwrap();
        assert_eq!(remove_stale_temporaries(dir.path()), 1);
        assert!(dir.path().join("TKM-1/undangan.pdf").exists());
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/x.pdf");
        write_atomic(&path, b"one", Access::Shared).unwrap();
        write_atomic(&path, b"two", Access::Shared).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }
}
