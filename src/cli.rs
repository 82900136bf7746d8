//! The command line: Indonesian subcommands with English aliases.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::pipeline::{self, Fatal, Folders};
use crate::{report, sample};

#[derive(Debug, Parser)]
#[command(
    name = "tkm",
    version,
    about = "Dokumen Pemberdayaan Tenaga Kerja Mandiri (TKM) dari spreadsheet peserta dan jadwal",
    long_about = "tkm membaca spreadsheet peserta, jadwal, hasil kehadiran dan hasil evaluasi di folder masukan, \
memeriksanya menurut SOP Pemberdayaan TKM dalam Tatanan Normal Baru, lalu membuat undangan, daftar hadir \
dan lembar evaluasi dalam PDF.\n\nKode keluar: 0 = selesai tanpa error; 1 = selesai, tetapi ada error yang \
menahan sebagian dokumen; 2 = tidak dapat berjalan.",
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Periksa semua masukan lalu buat semua dokumen yang datanya lengkap.
    #[command(visible_alias = "run")]
    Proses(RunArgs),
    /// Hanya periksa masukan; tulis temuan (dan outputs/temuan.xlsx).
    #[command(visible_alias = "validate")]
    Validasi(ValidateArgs),
    /// Rekapitulasi bulanan (PDF dan XLSX) semua kegiatan dalam satu bulan.
    #[command(visible_alias = "report")]
    Laporan(LaporanArgs),
    /// Kemas setiap kegiatan yang selesai menjadi arsip BagIt (zip) dengan daftar rekaman.
    #[command(visible_alias = "archive")]
    Arsip(ArsipArgs),
    /// Periksa arsip zip terhadap manifestnya; sebutkan setiap berkas yang hilang, lebih atau berubah.
    #[command(visible_alias = "verify")]
    Verifikasi(VerifikasiArgs),
    /// Tulis folder masukan siap isi: kantor.toml dan templat spreadsheet.
    #[command(visible_alias = "init")]
    Contoh(ContohArgs),
}

#[derive(Debug, Args)]
struct FolderArgs {
    /// Folder masukan (spreadsheet, kantor.toml, foto).
    #[arg(
        long = "masukan",
        visible_alias = "input",
        value_name = "FOLDER",
        default_value = "inputs"
    )]
    masukan: PathBuf,
    /// Folder keluaran.
    #[arg(
        long = "keluaran",
        visible_alias = "output",
        value_name = "FOLDER",
        default_value = "outputs"
    )]
    keluaran: PathBuf,
}

#[derive(Debug, Args)]
struct RunArgs {
    #[command(flatten)]
    folders: FolderArgs,
    /// Folder templat pengganti templat bawaan (default: templates, bila ada).
    #[arg(long = "templat", visible_alias = "templates", value_name = "FOLDER")]
    templat: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Teks,
    Json,
}

#[derive(Debug, Args)]
struct ValidateArgs {
    #[command(flatten)]
    folders: FolderArgs,
    /// Bentuk keluaran temuan.
    #[arg(long, value_enum, default_value = "teks")]
    format: Format,
}

#[derive(Debug, Args)]
struct LaporanArgs {
    #[command(flatten)]
    folders: FolderArgs,
    /// Bulan yang direkap, misalnya 2026-11.
    #[arg(long = "bulan", visible_alias = "month", value_name = "YYYY-MM")]
    bulan: String,
    /// Folder templat pengganti templat bawaan (default: templates, bila ada).
    #[arg(long = "templat", visible_alias = "templates", value_name = "FOLDER")]
    templat: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct ArsipArgs {
    /// Kode kegiatan yang diarsipkan (semua kegiatan yang selesai bila kosong).
    kode: Vec<String>,
    #[command(flatten)]
    folders: FolderArgs,
    /// Folder templat pengganti templat bawaan (default: templates, bila ada).
    #[arg(long = "templat", visible_alias = "templates", value_name = "FOLDER")]
    templat: Option<PathBuf>,
    /// Daftar arsip yang masa simpannya habis, dan Daftar Arsip Usul Musnah.
    #[arg(long = "jatuh-tempo", visible_alias = "due")]
    jatuh_tempo: bool,
    /// Tanggal acuan untuk --jatuh-tempo (YYYY-MM-DD; bawaan hari ini).
    #[arg(long = "per", value_name = "TANGGAL", requires = "jatuh_tempo")]
    per: Option<String>,
}

#[derive(Debug, Args)]
struct VerifikasiArgs {
    /// Berkas arsip (.zip) yang diperiksa.
    #[arg(required = true, value_name = "BERKAS.zip")]
    berkas: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct ContohArgs {
    /// Folder yang diisi.
    #[arg(default_value = "inputs")]
    folder: PathBuf,
    /// Isi dengan data contoh fiktif yang lengkap (jadwal, peserta, kantor.toml).
    #[arg(long = "data-contoh", visible_alias = "sample-data")]
    data_contoh: bool,
}

/// Help in Bahasa Indonesia: clap's headings and flags, renamed.
const HELP_TEMPLATE: &str = "{about-with-newline}\nPemakaian: {usage}\n\n{all-args}{after-help}";

fn localized(cmd: clap::Command, root: bool) -> clap::Command {
    let mut cmd = cmd
        .help_template(HELP_TEMPLATE)
        .subcommand_help_heading("Perintah")
        .subcommand_value_name("PERINTAH")
        .disable_help_flag(true)
        .arg(
            Arg::new("bantuan")
                .short('h')
                .long("help")
                .visible_alias("bantuan")
                .action(ArgAction::Help)
                .help("Tampilkan bantuan ini"),
        );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("versi")
                .short('V')
                .long("version")
                .visible_alias("versi")
                .action(ArgAction::Version)
                .help("Tampilkan versi tkm"),
        );
    }
    cmd.mut_args(|a| {
        let heading = if a.is_positional() {
            "Argumen"
        } else {
            "Pilihan"
        };
        a.help_heading(heading)
    })
    .mut_subcommands(|sub| localized(sub, false))
}

/// A command-line error in Bahasa Indonesia (clap's own is English).
fn explain(e: &clap::Error) -> String {
    let get = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let suggestion = |k: ContextKind| {
        e.get(k)
            .map(|v| format!("; maksudnya {v}?"))
            .unwrap_or_default()
    };
    let message = match e.kind() {
        ErrorKind::UnknownArgument => format!(
            "argumen tidak dikenal: {}{}",
            get(ContextKind::InvalidArg),
            suggestion(ContextKind::SuggestedArg)
        ),
        ErrorKind::InvalidSubcommand => format!(
            "perintah tidak dikenal: {}{}",
            get(ContextKind::InvalidSubcommand),
            suggestion(ContextKind::SuggestedSubcommand)
        ),
        ErrorKind::InvalidValue => format!(
            "nilai \"{}\" tidak sah untuk {}; pilihan: {}",
            get(ContextKind::InvalidValue),
            get(ContextKind::InvalidArg),
            get(ContextKind::ValidValue)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!(
                "argumen wajib belum diisi: {}",
                get(ContextKind::InvalidArg)
            )
        }
        ErrorKind::ArgumentConflict => format!(
            "{} tidak dapat dipakai bersama {}",
            get(ContextKind::InvalidArg),
            get(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!(
                "jumlah nilai untuk {} tidak sesuai",
                get(ContextKind::InvalidArg)
            )
        }
        _ => e.to_string(),
    };
    format!("{message}\nLihat `tkm --help` untuk daftar perintah dan pilihan.")
}

pub fn main() -> ExitCode {
    let matches = match localized(Cli::command(), true).try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            return match e.kind() {
                ErrorKind::DisplayHelp => {
                    let _ = e.print();
                    ExitCode::SUCCESS
                }
                ErrorKind::DisplayVersion => {
                    println!("tkm {}", env!("CARGO_PKG_VERSION"));
                    ExitCode::SUCCESS
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = e.print();
                    ExitCode::from(2)
                }
                _ => {
                    eprintln!("tkm: {}", explain(&e));
                    ExitCode::from(2)
                }
            };
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => {
            eprintln!("tkm: {}", explain(&e));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Proses(args) => proses(args),
        Command::Validasi(args) => validasi(args),
        Command::Laporan(args) => laporan(args),
        Command::Arsip(args) => arsip(args),
        Command::Verifikasi(args) => verifikasi(args),
        Command::Contoh(args) => contoh(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(fatal) => {
            eprintln!("tkm: {fatal}");
            ExitCode::from(2)
        }
    }
}

fn folders(args: &FolderArgs, templat: Option<PathBuf>) -> Folders {
    let templates = templat.or_else(|| {
        let default = PathBuf::from("templates");
        default.is_dir().then_some(default)
    });
    Folders {
        inputs: args.masukan.clone(),
        outputs: args.keluaran.clone(),
        templates,
    }
}

fn proses(args: RunArgs) -> Result<u8, Fatal> {
    let folders = folders(&args.folders, args.templat);
    // Drawn only when stderr is a terminal; quiet in pipes and CI.
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} kegiatan {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let summary = pipeline::proses(&folders, |done, total, kode| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message(kode.to_string());
    })?;
    bar.finish_and_clear();
    print!("{}", report::text(&summary.findings));
    println!();
    println!("Ringkasan");
    println!("  berkas dibaca: {}", summary.files_read);
    println!("  kegiatan: {}", summary.activities.len());
    for a in &summary.activities {
        let yes = |made: bool| if made { "ada" } else { "tidak" };
        println!(
            "  {}: {} berkas ({} undangan, pesan WhatsApp {}, daftar hadir {}, lembar evaluasi {}, isian xlsx {}{})",
            a.kode,
            a.documents(),
            a.undangan,
            yes(a.whatsapp),
            yes(a.daftar_hadir),
            yes(a.lembar_evaluasi),
            a.isian,
            if a.sesi > 1 {
                format!(", {} sesi", a.sesi)
            } else {
                String::new()
            },
        );
        for note in &a.catatan {
            println!("      {note}");
        }
    }
    println!("  temuan: {}", report::counts(&summary.findings));
    println!("  hasil di: {}", folders.outputs.display());
    Ok(summary.exit_code())
}

fn validasi(args: ValidateArgs) -> Result<u8, Fatal> {
    let folders = folders(&args.folders, None);
    let loaded = pipeline::load(&folders).and_then(|mut loaded| {
        let mut out = pipeline::open_outputs(&folders, &loaded.cfg)?;
        pipeline::write_findings(&mut out, &mut loaded.findings)?;
        Ok(loaded)
    });
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(fatal) => {
            // Scripts reading stdout get JSON even when the run cannot start.
            if let Format::Json = args.format {
                println!("{}", serde_json::json!({ "galat": fatal.0 }));
            }
            return Err(fatal);
        }
    };
    match args.format {
        Format::Json => println!("{}", report::json(&loaded.findings)),
        Format::Teks => {
            print!("{}", report::text(&loaded.findings));
            println!("\ntemuan: {}", report::counts(&loaded.findings));
        }
    }
    Ok(if loaded.findings.has_errors() { 1 } else { 0 })
}

/// "2026-11" → (2026, 11).
fn parse_month(text: &str) -> Option<(i32, u32)> {
    let (y, m) = text.trim().split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    ((1900..=2200).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

fn laporan(args: LaporanArgs) -> Result<u8, Fatal> {
    let Some((year, month)) = parse_month(&args.bulan) else {
        return Err(Fatal(format!(
            "--bulan \"{}\" tidak sah; tulis tahun-bulan seperti 2026-11",
            args.bulan
        )));
    };
    let folders = folders(&args.folders, args.templat);
    let (written, findings) = pipeline::monthly(&folders, year, month)?;
    let bulan = format!("{} {year}", crate::indo::month_name(month));
    match written {
        None => {
            println!("Tidak ada kegiatan bertanggal {bulan} di jadwal; rekap bulanan tidak dibuat.")
        }
        Some(paths) => {
            println!("Rekapitulasi bulanan {bulan}:");
            for p in paths {
                println!("  {}", p.display());
            }
        }
    }
    if findings.has_errors() {
        println!(
            "Temuan pada data: {} (lihat `tkm validasi`).",
            report::counts(&findings)
        );
    }
    Ok(0)
}

fn arsip(args: ArsipArgs) -> Result<u8, Fatal> {
    let folders = folders(&args.folders, args.templat);
    if args.jatuh_tempo {
        return jatuh_tempo(&folders, args.per.as_deref());
    }
    let bar = indicatif::ProgressBar::new(0);
    let (summary, outcomes) = pipeline::arsip(&folders, &args.kode, |done, total, _| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    let errors = summary.findings.count(crate::findings::Severity::Error);
    if errors > 0 {
        println!(
            "Temuan pada data: {} (lihat outputs/temuan.xlsx atau `tkm validasi`).",
            report::counts(&summary.findings)
        );
    }
    let archive_errors: Vec<_> = summary
        .findings
        .iter()
        .filter(|f| f.kode.starts_with("ARSIP") && f.severity == crate::findings::Severity::Error)
        .collect();
    println!("Arsip");
    for f in &archive_errors {
        println!("  {}", f.pesan);
    }
    if outcomes.is_empty() && archive_errors.is_empty() {
        println!("  tidak ada kegiatan di jadwal");
    }
    for (kode, outcome) in &outcomes {
        match outcome {
            crate::arsip::Outcome::Dibuat {
                path,
                bytes,
                files,
                replaces,
            } => println!(
                "  {kode}: dibuat {} ({} berkas, {}){}",
                path.display(),
                files,
                crate::arsip::human_size(*bytes),
                replaces
                    .as_ref()
                    .map(|r| format!("; menggantikan {r}"))
                    .unwrap_or_default()
            ),
            crate::arsip::Outcome::Tetap { path } => {
                println!(
                    "  {kode}: isi sama dengan {}; tidak ada yang diubah",
                    path.display()
                )
            }
            crate::arsip::Outcome::Belum { reason } => {
                println!("  {kode}: belum diarsipkan: {reason}")
            }
        }
    }
    Ok(if archive_errors.is_empty() && errors == 0 {
        0
    } else {
        1
    })
}

fn jatuh_tempo(folders: &Folders, per: Option<&str>) -> Result<u8, Fatal> {
    let per = match per {
        None => chrono::Local::now().date_naive(),
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| Fatal(format!("--per \"{text}\" bukan tanggal YYYY-MM-DD")))?,
    };
    let (due, written, findings) = pipeline::jatuh_tempo(folders, per)?;
    print!("{}", report::text(&findings));
    println!(
        "Arsip yang masa simpannya habis per {}:",
        crate::indo::date_long(per)
    );
    if due.is_empty() {
        println!("  tidak ada");
    }
    for d in &due {
        println!(
            "  {} ({}): jatuh tempo {}, nasib akhir {}",
            d.path.display(),
            d.kode,
            crate::indo::date_long(d.jatuh_tempo),
            d.nasib
        );
    }
    for p in written {
        println!("Daftar Arsip Usul Musnah: {}", p.display());
    }
    Ok(0)
}

fn verifikasi(args: VerifikasiArgs) -> Result<u8, Fatal> {
    let mut worst = 0u8;
    for path in &args.berkas {
        let report = std::fs::File::open(path)
            .map_err(|e| crate::bagit::Unreadable(format!("tidak dapat dibuka: {e}")))
            .and_then(|f| crate::bagit::verify(std::io::BufReader::new(f)));
        match report {
            Err(e) => {
                println!("{}: TIDAK TERBACA — {}", path.display(), e.0);
                worst = worst.max(2);
            }
            Ok(r) if r.is_valid() => {
                println!(
                    "{}: SAH — {} berkas data cocok dengan manifest ({}, Payload-Oxum {})",
                    path.display(),
                    r.files,
                    r.info("External-Identifier").unwrap_or("-"),
                    r.info("Payload-Oxum").unwrap_or("-")
                );
            }
            Ok(r) => {
                println!("{}: TIDAK SAH", path.display());
                for m in &r.missing {
                    println!("  hilang: {m}");
                }
                for m in &r.extra {
                    println!("  tambahan (tidak ada di manifest): {m}");
                }
                for m in &r.altered {
                    println!("  berubah (checksum tidak cocok): {m}");
                }
                for m in &r.problems {
                    println!("  masalah: {m}");
                }
                worst = worst.max(1);
            }
        }
    }
    Ok(worst)
}

fn contoh(args: ContohArgs) -> Result<u8, Fatal> {
    let written =
        sample::write(&args.folder, args.data_contoh).map_err(|e| Fatal(e.to_string()))?;
    for (path, status) in written {
        println!("{status}: {}", path.display());
    }
    Ok(0)
}
