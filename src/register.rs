//! The letter-number register, `outputs/nomor-surat.csv`: which sequence
//! number each invitation got, per calendar year.
//!
//! Numbers must be unique and sequential within a year and stay the same
//! when a run is repeated — also after last month's spreadsheets have left
//! the inputs folder. So every number handed out is recorded here; an
//! invitation seen before gets its number back, a new one gets the next
//! number after the highest of its year. A participant removed later keeps
//! their number in the register, so it is never given to someone else.

use std::collections::HashMap;
use std::path::Path;

use crate::model::name_key as key;
use crate::output::Outputs;

pub const FILE_NAME: &str = "nomor-surat.csv";

const HEADER: &str = "tahun;urut;kode_kegiatan;nama;sidik_nik";

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    tahun: i32,
    urut: u32,
    kode: String,
    nama: String,
    /// [`fingerprint`] of the participant's NIK, when it was usable: the
    /// letter stays the same when the name is corrected. Empty in
    /// registers written before, and for participants without one.
    nik: String,
}

/// A NIK's fingerprint in the register: enough to recognise the same
/// person again, without writing the NIK itself into one more file.
fn fingerprint(nik: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("tkm-nomor-surat:{nik}").as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The register as loaded, plus what this run added.
#[derive(Debug, Default)]
pub struct Register {
    entries: Vec<Entry>,
    changed: bool,
}

impl Register {
    /// Reads the register from the outputs folder; a missing file is an
    /// empty register, a damaged one an error naming the line.
    pub fn load(outputs: &Path) -> Result<Register, String> {
        let path = outputs.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Register::default()),
            Err(e) => return Err(format!("{} tidak dapat dibaca: {e}", path.display())),
        };
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_start_matches('\u{feff}');
            if i == 0 || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.splitn(5, ';').collect();
            let entry = match fields.as_slice() {
                [tahun, urut, kode, nama, rest @ ..] if rest.len() <= 1 => tahun
                    .trim()
                    .parse()
                    .ok()
                    .zip(urut.trim().parse().ok())
                    .map(|(tahun, urut)| Entry {
                        tahun,
                        urut,
                        kode: kode.trim().to_string(),
                        nama: nama.trim().to_string(),
                        nik: rest
                            .first()
                            .map(|n| n.trim().to_string())
                            .unwrap_or_default(),
                    }),
                _ => None,
            };
            match entry {
                Some(e) => entries.push(e),
                None => {
                    return Err(format!(
                        "{} baris {} rusak: \"{line}\". Perbaiki baris itu (tahun;urut;kode_kegiatan;nama) agar nomor surat tidak terulang.",
                        path.display(),
                        i + 1
                    ));
                }
            }
        }
        Ok(Register {
            entries,
            changed: false,
        })
    }

    /// The sequence number of a letter: the recorded one, or the next free
    /// number of the year (never below `first`). A participant is known
    /// again by their NIK (`nik`, when usable), else by name; `occurrence`
    /// tells apart two participants of one activity with the same name.
    pub fn number(
        &mut self,
        year: i32,
        kode: &str,
        nama: &str,
        nik: Option<&str>,
        occurrence: usize,
        first: u32,
    ) -> u32 {
        let fp = nik.map(fingerprint).unwrap_or_default();
        if !fp.is_empty()
            && let Some(e) = self
                .entries
                .iter_mut()
                .find(|e| e.tahun == year && e.kode == kode && e.nik == fp)
        {
            // The name was corrected: the letter keeps its number.
            if key(&e.nama) != key(nama) {
                e.nama = nama.to_string();
                self.changed = true;
            }
            return e.urut;
        }
        let k = key(nama);
        // By name: letters recorded without a NIK, or for this same NIK.
        let recorded: Vec<usize> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.tahun == year && e.kode == kode && key(&e.nama) == k)
            .filter(|(_, e)| e.nik.is_empty() || fp.is_empty())
            .map(|(i, _)| i)
            .collect();
        if let Some(&i) = recorded.get(occurrence)
            && let Some(e) = self.entries.get_mut(i)
        {
            if e.nik.is_empty() && !fp.is_empty() {
                e.nik = fp;
                self.changed = true;
            }
            return e.urut;
        }
        let next = self
            .entries
            .iter()
            .filter(|e| e.tahun == year)
            .map(|e| e.urut + 1)
            .max()
            .unwrap_or(first)
            .max(first);
        self.entries.push(Entry {
            tahun: year,
            urut: next,
            kode: kode.to_string(),
            nama: nama.to_string(),
            nik: fp,
        });
        self.changed = true;
        next
    }

    /// Writes the register when this run added numbers (so that a repeated
    /// run leaves it untouched).
    pub fn save(&mut self, out: &mut Outputs) -> std::io::Result<()> {
        if !self.changed {
            return Ok(());
        }
        self.entries.sort_by_key(|e| (e.tahun, e.urut));
        let mut text = format!("{HEADER}\n");
        for e in &self.entries {
            text.push_str(&format!(
                "{};{};{};{};{}\n",
                e.tahun,
                e.urut,
                field(&e.kode),
                field(&e.nama),
                field(&e.nik)
            ));
        }
        out.write(Path::new(FILE_NAME), text.as_bytes())?;
        self.changed = false;
        Ok(())
    }
}

/// A value as one field of the register: no separator or line break
/// inside it (a name typed with Alt+Enter would otherwise split its line),
/// and no leading `=`, `+`, `-` or `@` that Excel would run as a formula
/// when staff open the file (a `'` is put before it). Names compare by
/// their letters and digits, so neither change moves a number.
fn field(value: &str) -> String {
    let flat: String = value
        .chars()
        .map(|c| match c {
            ';' => ',',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    if flat.starts_with(['=', '+', '-', '@']) {
        format!("'{flat}")
    } else {
        flat
    }
}

/// Occurrence counter for (kode, name) pairs within one run.
#[derive(Default)]
pub struct Occurrences(HashMap<(String, String), usize>);

impl Occurrences {
    pub fn next(&mut self, kode: &str, nama: &str) -> usize {
        let n = self.0.entry((kode.to_string(), key(nama))).or_insert(0);
        *n += 1;
        *n - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_kept_and_never_reused() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Register::load(dir.path()).unwrap();
        assert_eq!(r.number(2026, "TKM-1", "Siti", None, 0, 1), 1);
        assert_eq!(r.number(2026, "TKM-1", "Budi", None, 0, 1), 2);
        assert_eq!(
            r.number(2027, "TKM-9", "Ani", None, 0, 1),
            1,
            "a new year starts again"
        );
        r.save(&mut Outputs::open(dir.path(), true).unwrap())
            .unwrap();

        // Next month: TKM-1's list is gone from the inputs; TKM-2 is new.
        let mut r = Register::load(dir.path()).unwrap();
        assert_eq!(r.number(2026, "TKM-2", "Dewi", None, 0, 1), 3);
        assert_eq!(
            r.number(2026, "TKM-1", "  siti ", None, 0, 1),
            1,
            "the same letter keeps its number"
        );
        assert_eq!(
            r.number(2026, "TKM-1", "Siti", None, 1, 1),
            4,
            "a second Siti is another letter"
        );
        r.save(&mut Outputs::open(dir.path(), true).unwrap())
            .unwrap();
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert_eq!(
            text,
            "tahun;urut;kode_kegiatan;nama;sidik_nik\n2026;1;TKM-1;Siti;\n2026;2;TKM-1;Budi;\n2026;3;TKM-2;Dewi;\n2026;4;TKM-1;Siti;\n2027;1;TKM-9;Ani;\n"
        );
    }

    #[test]
    fn names_cannot_break_lines_or_become_formulas() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Register::default();
        let odd = [
            "Budi\n2026;1;TKM-1;Siti",
            "=HYPERLINK(\"http://x\";\"klik\")",
            "@SUM(A1)",
            "-Ani\r",
        ];
        for (i, name) in odd.iter().enumerate() {
            assert_eq!(r.number(2026, "TKM-1", name, None, 0, 1), i as u32 + 1);
        }
        r.save(&mut Outputs::open(dir.path(), true).unwrap())
            .unwrap();
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert_eq!(
            text,
            "tahun;urut;kode_kegiatan;nama;sidik_nik\n2026;1;TKM-1;Budi 2026,1,TKM-1,Siti;\n2026;2;TKM-1;'=HYPERLINK(\"http://x\",\"klik\");\n2026;3;TKM-1;'@SUM(A1);\n2026;4;TKM-1;'-Ani ;\n"
        );
        // Read back, every name keeps its number.
        let mut r = Register::load(dir.path()).unwrap();
        for (i, name) in odd.iter().enumerate() {
            assert_eq!(
                r.number(2026, "TKM-1", name, None, 0, 1),
                i as u32 + 1,
                "{name}"
            );
        }
    }

    #[test]
    fn a_corrected_name_keeps_its_number_through_the_nik() {
        let dir = tempfile::tempdir().unwrap();
        // A register from before NIK fingerprints: four columns.
        std::fs::write(
            dir.path().join(FILE_NAME),
            "tahun;urut;kode_kegiatan;nama\n2026;1;TKM-1;Siti Suryana\n2026;2;TKM-1;Budi\n",
        )
        .unwrap();
        let nik = "3217054512900001";
        let mut r = Register::load(dir.path()).unwrap();
        assert_eq!(r.number(2026, "TKM-1", "Siti Suryana", Some(nik), 0, 1), 1);
        r.save(&mut Outputs::open(dir.path(), true).unwrap())
            .unwrap();
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(!text.contains(nik), "no NIK in the register: {text}");
        // Next run: the name was corrected.
        let mut r = Register::load(dir.path()).unwrap();
        assert_eq!(
            r.number(2026, "TKM-1", "SITI SURYANA, S.E.", Some(nik), 0, 1),
            1
        );
        // Someone else of the same name but another NIK is another letter.
        assert_eq!(
            r.number(2026, "TKM-1", "Budi", Some("3217051205800002"), 0, 1),
            2
        );
        assert_eq!(
            r.number(
                2026,
                "TKM-1",
                "Siti Suryana",
                Some("3217054512900009"),
                0,
                1
            ),
            3
        );
    }

    #[test]
    fn the_first_number_is_configurable_and_a_damaged_register_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Register::default();
        assert_eq!(r.number(2026, "TKM-1", "Siti", None, 0, 100), 100);
        std::fs::write(
            dir.path().join(FILE_NAME),
            "tahun;urut;kode_kegiatan;nama\n2026;x;TKM-1;Siti\n",
        )
        .unwrap();
        let err = Register::load(dir.path()).unwrap_err();
        assert!(err.contains("baris 2"), "{err}");
    }
}
