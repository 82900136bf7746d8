//! The batch run, stage by stage: discover → read → recognise → model →
//! validate → render → write. Each stage adds findings to one list and
//! passes on what is still usable.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::discover::{self, Found};
use crate::documents::{ActivityDocs, DocumentMaker};
use crate::findings::{Finding, Findings, Location};
use crate::header::{self, Header};
use crate::ingest::{self, Sheet};
use crate::model::{self, Dataset, Recognised};
use crate::output::Outputs;
use crate::register::Register;
use crate::render::Renderer;
use crate::report;
use crate::validate;

/// Why a run could not happen at all (exit code 2).
#[derive(Debug)]
pub struct Fatal(pub String);

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The folders a run works on.
#[derive(Debug, Clone)]
pub struct Folders {
    pub inputs: PathBuf,
    pub outputs: PathBuf,
    /// Where user templates (and `fonts/`) override the embedded ones.
    pub templates: Option<PathBuf>,
}

/// Everything read from the inputs folder, validated.
pub struct Loaded {
    pub cfg: Config,
    pub data: Dataset,
    pub verdict: validate::Verdict,
    pub findings: Findings,
    pub photos: Vec<(Found, String)>,
    pub files_read: usize,
}

/// Reads, recognises, models and validates the inputs folder.
pub fn load(folders: &Folders) -> Result<Loaded, Fatal> {
    let inputs = &folders.inputs;
    if inputs.is_file() {
        return Err(Fatal(format!(
            "\"{}\" adalah berkas, bukan folder. --masukan menunjuk folder yang berisi spreadsheet (misalnya inputs).",
            inputs.display()
        )));
    }
    if !inputs.is_dir() {
        return Err(Fatal(format!(
            "folder masukan \"{}\" tidak ada. Buat folder itu dan isi dengan spreadsheet, atau jalankan `tkm contoh` untuk contoh isinya.",
            inputs.display()
        )));
    }
    let cfg = Config::load(inputs).map_err(|errors| {
        Fatal(
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    let mut findings = Findings::default();
    if !inputs.join(crate::config::FILE_NAME).is_file() {
        findings.push(
            Finding::warning(
                "KANTOR_TOML_TIDAK_ADA",
                Location::file(crate::config::FILE_NAME),
                "tidak ada kantor.toml di folder masukan: kop surat, penanda tangan dan nomor surat memakai contoh fiktif \"Kabupaten Sukamaju\"",
            )
            .hint("Jalankan `tkm contoh` untuk membuat kantor.toml, lalu isi dengan data kantor Anda."),
        );
    }
    let found = discover::discover(inputs, &folders.outputs, &mut findings);
    if found.spreadsheets.is_empty() {
        return Err(Fatal(format!(
            "tidak ada spreadsheet (.xlsx, .xls, .ods, .csv) di folder \"{}\".",
            inputs.display()
        )));
    }
    let mut sheets: Vec<(Sheet, Header)> = Vec::new();
    let mut files_read = 0;
    for file in &found.spreadsheets {
        match ingest::read_file(&file.path, &file.display) {
            Err(e) => findings.push(
                Finding::error(
                    "BERKAS_TIDAK_TERBACA",
                    Location::file(&file.display),
                    e.message(),
                )
                .hint(e.hint())
                .holds_back("semua data di berkas ini"),
            ),
            Ok(book) => {
                files_read += 1;
                for note in book.notes {
                    findings.push(note);
                }
                for sheet in book.sheets {
                    recognise(sheet, &mut sheets, &mut findings);
                }
            }
        }
    }
    let recognised: Vec<Recognised<'_>> = sheets
        .iter()
        .map(|(sheet, header)| Recognised { sheet, header })
        .collect();
    let data = model::build(&recognised, &mut findings);
    let today = chrono::Local::now().date_naive();
    let verdict = validate::check(&data, &cfg, today, &mut findings);
    Ok(Loaded {
        cfg,
        data,
        verdict,
        findings,
        photos: found.photos,
        files_read,
    })
}

fn recognise(sheet: Sheet, sheets: &mut Vec<(Sheet, Header)>, findings: &mut Findings) {
    if sheet.is_blank() {
        findings.push(Finding::info(
            "SHEET_KOSONG",
            sheet.location(),
            "sheet kosong",
        ));
        return;
    }
    match header::detect(&sheet) {
        None => {
            let misses = header::near_misses(&sheet, None);
            let message = "judul kolom tidak dikenali sebagai peserta, jadwal, kehadiran atau evaluasi; sheet ini tidak dipakai";
            let hint = "Pastikan baris judul kolom (mis. Nama, NIK, L/P atau Kode Kegiatan, Hari/Tanggal) ada di 20 baris pertama.";
            if misses.is_empty() {
                findings.push(
                    Finding::info("SHEET_TIDAK_DIKENALI", sheet.location(), message).hint(hint),
                );
            } else {
                // Looks like data with a mistyped header: not using it must
                // not pass as information only.
                let near: Vec<String> = misses
                    .iter()
                    .map(|(r, c, label, known)| {
                        format!(
                            "\"{label}\" (sel {}) mirip \"{known}\"",
                            crate::findings::cell_ref(*r, *c)
                        )
                    })
                    .collect();
                findings.push(
                    Finding::error(
                        "SHEET_TIDAK_DIKENALI",
                        sheet.location().at_row(misses[0].0),
                        format!("{message}; {}", near.join(", ")),
                    )
                    .hint("Perbaiki ejaan judul kolom yang disebut, lalu jalankan lagi.")
                    .holds_back("semua data di sheet ini"),
                );
            }
        }
        Some(h) => {
            for (r, c, label, known) in header::near_misses(&sheet, Some(h.row)) {
                if h.unknown
                    .iter()
                    .any(|(u, col)| *col == c && u.contains(&label))
                {
                    findings.push(
                        Finding::warning(
                            "KOLOM_TIDAK_DIKENALI",
                            sheet.location().at_cell(r, c),
                            format!("kolom \"{label}\" tidak dikenali dan tidak dipakai; maksudnya \"{known}\"?"),
                        )
                        .hint(format!("Ubah judul kolom menjadi \"{known}\" agar isinya terbaca.")),
                    );
                }
            }
            if h.kind == header::Kind::Peserta && !h.has(header::Field::Nik) {
                findings.push(
                    Finding::warning(
                        "TANPA_KOLOM_NIK",
                        sheet.location().at_row(h.row),
                        "sheet peserta tanpa kolom NIK; NIK tidak tercantum di daftar hadir dan peserta tidak dapat dicocokkan dengan NIK",
                    )
                    .step(4)
                    .hint("Tambahkan kolom NIK (format Teks)."),
                );
            }
            let mut message = format!(
                "dikenali sebagai sheet {} (judul kolom di baris {})",
                h.kind.label(),
                h.row + 1
            );
            if !h.unknown.is_empty() {
                let names: Vec<&str> = h.unknown.iter().map(|(n, _)| n.as_str()).collect();
                message.push_str(&format!("; kolom yang tidak dipakai: {}", names.join(", ")));
            }
            findings.push(Finding::info(
                "SHEET_DIKENALI",
                sheet.location().at_row(h.row),
                message,
            ));
            sheets.push((sheet, h));
        }
    }
}

/// What `tkm proses` did.
pub struct RunSummary {
    pub activities: Vec<ActivityDocs>,
    pub findings: Findings,
    pub files_read: usize,
}

impl RunSummary {
    /// 2 when a template could not be laid out (as for a template Tera
    /// cannot read: the run could not do its job), else 1 when any error
    /// was found, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.findings.iter().any(|f| f.kode == "TEMPLAT_GAGAL") {
            2
        } else if self.findings.has_errors() {
            1
        } else {
            0
        }
    }
}

/// `tkm proses`: validate, then make every document the data allows.
/// `progress` is told (done, total, kode) before each activity.
pub fn proses(
    folders: &Folders,
    progress: impl FnMut(usize, usize, &str),
) -> Result<RunSummary, Fatal> {
    run(folders, progress, |_| Ok(())).map(|(summary, ())| summary)
}

/// `tkm arsip [KODE…]`: make every document (so the bundles hold current
/// ones), then archive the finished activities.
pub fn arsip(
    folders: &Folders,
    kodes: &[String],
    progress: impl FnMut(usize, usize, &str),
) -> Result<(RunSummary, Vec<(String, crate::arsip::Outcome)>), Fatal> {
    run(folders, progress, |m| {
        Ok(crate::arsip::bundles(
            m.maker,
            m.data,
            m.photos,
            &folders.inputs,
            kodes,
            m.out,
            m.findings,
        ))
    })
}

/// What a step after the documents gets to work with.
pub struct Made<'a, 'b> {
    pub maker: &'a DocumentMaker<'b>,
    pub data: &'a Dataset,
    pub photos: &'a [(Found, String)],
    pub out: &'a mut Outputs,
    pub findings: &'a mut Findings,
}

/// Loads, validates and makes every document, then runs `after`; the
/// letter register and `temuan.xlsx` are written last, so that they
/// include what `after` did.
fn run<T>(
    folders: &Folders,
    mut progress: impl FnMut(usize, usize, &str),
    after: impl FnOnce(&mut Made<'_, '_>) -> Result<T, Fatal>,
) -> Result<(RunSummary, T), Fatal> {
    let Loaded {
        cfg,
        data,
        verdict,
        mut findings,
        photos,
        files_read,
    } = load(folders)?;
    let renderer = build_renderer(folders, &cfg)?;
    let today = chrono::Local::now().date_naive();
    let mut out = open_outputs(folders, &cfg)?;
    let mut register = Register::load(&folders.outputs).map_err(Fatal)?;
    let maker = DocumentMaker::new(
        &cfg,
        &renderer,
        &verdict,
        &data,
        &folders.inputs,
        &mut register,
        &mut findings,
    );
    let total = data.activities.len();
    let activities: Vec<ActivityDocs> = data
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| {
            progress(i, total, &a.kode);
            maker.make(&data, a, &photos, today, &mut out, &mut findings)
        })
        .collect();
    progress(total, total, "");
    let extra = after(&mut Made {
        maker: &maker,
        data: &data,
        photos: &photos,
        out: &mut out,
        findings: &mut findings,
    })?;
    out.check().map_err(Fatal)?;
    register.save(&mut out).map_err(|e| {
        Fatal(format!(
            "register nomor surat {} tidak dapat ditulis: {e}",
            crate::register::FILE_NAME
        ))
    })?;
    write_findings(&mut out, &mut findings)?;
    Ok((
        RunSummary {
            activities,
            findings,
            files_read,
        },
        extra,
    ))
}

/// `tkm arsip --jatuh-tempo [--per TANGGAL]`: bundles whose retention has
/// run out, and the disposal list for those marked Musnah.
pub fn jatuh_tempo(
    folders: &Folders,
    per: chrono::NaiveDate,
) -> Result<(Vec<crate::arsip::Due>, Vec<PathBuf>, Findings), Fatal> {
    let cfg = Config::load(&folders.inputs).map_err(|errors| {
        Fatal(
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    let mut out = open_outputs(folders, &cfg)?;
    let mut findings = Findings::default();
    let due = crate::arsip::due_bundles(&folders.outputs, per, &mut findings);
    let renderer = build_renderer(folders, &cfg)?;
    let data = Dataset::default();
    let verdict = validate::Verdict::default();
    let mut register = Register::default();
    let maker = DocumentMaker::new(
        &cfg,
        &renderer,
        &verdict,
        &data,
        &folders.inputs,
        &mut register,
        &mut findings,
    );
    let written =
        crate::arsip::disposal_list(&maker, &due, per, &mut out, &mut findings).map_err(Fatal)?;
    out.check().map_err(Fatal)?;
    Ok((due, written, findings))
}

/// `tkm laporan --bulan YYYY-MM`: the monthly recap. `Ok(None)` when no
/// activity is dated in that month (nothing is written then).
pub fn monthly(
    folders: &Folders,
    year: i32,
    month: u32,
) -> Result<(Option<Vec<PathBuf>>, Findings), Fatal> {
    let Loaded {
        cfg,
        data,
        verdict,
        mut findings,
        ..
    } = load(folders)?;
    let renderer = build_renderer(folders, &cfg)?;
    let mut out = open_outputs(folders, &cfg)?;
    // Letter numbers are not needed here; a scratch register keeps the
    // real one untouched.
    let mut register = Register::default();
    let maker = DocumentMaker::new(
        &cfg,
        &renderer,
        &verdict,
        &data,
        &folders.inputs,
        &mut register,
        &mut findings,
    );
    let written = crate::laporan::monthly(&maker, &data, year, month, &mut out, &mut findings)
        .map_err(Fatal)?;
    out.check().map_err(Fatal)?;
    Ok((written, findings))
}

fn build_renderer(folders: &Folders, cfg: &Config) -> Result<Renderer, Fatal> {
    let renderer = Renderer::new(folders.templates.as_deref()).map_err(|errors| {
        Fatal(
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    if !renderer.has_family(&cfg.dokumen.font) {
        return Err(Fatal(format!(
            "kantor.toml, kunci `dokumen.font`: font \"{}\" tidak tersedia. Font yang ada: {}. Tambahkan berkas font (.ttf/.otf) ke folder templates/fonts/.",
            cfg.dokumen.font,
            renderer.families().join(", ")
        )));
    }
    Ok(renderer)
}

/// Opens the outputs folder for this run (its lock held until the run ends).
pub fn open_outputs(folders: &Folders, cfg: &Config) -> Result<Outputs, Fatal> {
    Outputs::open(&folders.outputs, cfg.keluaran.data_pribadi_hanya_pemilik).map_err(Fatal)
}

/// Writes `temuan.xlsx` (all findings of this run) into the outputs folder.
pub fn write_findings(out: &mut Outputs, findings: &mut Findings) -> Result<(), Fatal> {
    let bytes = report::xlsx(findings)
        .map_err(|e| Fatal(format!("temuan.xlsx tidak dapat dibuat: {e}")))?;
    out.write(Path::new("temuan.xlsx"), &bytes)
        .map(|_| ())
        .map_err(|e| {
            Fatal(format!(
                "tidak dapat menulis ke folder keluaran \"{}\": {e}",
                out.root().display()
            ))
        })
}
