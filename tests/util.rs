//! Test helpers: a temporary working folder per test, running the binary,
//! reading PDFs back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::Reader;

pub struct Dir {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
}

impl Dir {
    pub fn new() -> Dir {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().to_path_buf();
        Dir { _tmp: tmp, root }
    }

    /// A folder with `tkm contoh --data-contoh inputs` already run.
    pub fn with_sample() -> Dir {
        let dir = Dir::new();
        let out = dir.tkm(&["contoh", "--data-contoh", "inputs"]);
        assert!(out.status.success(), "{}", text(&out));
        dir
    }

    pub fn inputs(&self) -> PathBuf {
        self.root.join("inputs")
    }

    pub fn outputs(&self) -> PathBuf {
        self.root.join("outputs")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Runs `tkm` with the folder as working directory.
    pub fn tkm(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tkm"))
            .args(args)
            .current_dir(&self.root)
            .output()
            .expect("run tkm")
    }

    /// `tkm proses`, returning the output; panics on exit code 2.
    pub fn proses(&self) -> Output {
        let out = self.tkm(&["proses"]);
        assert_ne!(
            out.status.code(),
            Some(2),
            "tkm proses could not run:\n{}",
            text(&out)
        );
        out
    }
}

/// stdout and stderr together, for assertions and failure messages.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The PDF's text, whitespace collapsed to single spaces.
pub fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = pdf_extract::extract_text_from_mem(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    collapse(&text)
}

/// Whitespace collapsed, and without the zero-width spaces tkm puts into
/// long words so that they can wrap (they are invisible on the page).
pub fn collapse(s: &str) -> String {
    s.replace('\u{200B}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Number of pages and the size of the first page in millimetres.
pub fn pdf_pages(path: &Path) -> (usize, (f64, f64)) {
    let doc = lopdf::Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let pages = doc.get_pages();
    let first = *pages.values().next().expect("a page");
    let page = doc.get_object(first).unwrap().as_dict().unwrap();
    let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
    let num = |o: &lopdf::Object| {
        o.as_float()
            .map(f64::from)
            .or_else(|_| o.as_i64().map(|i| i as f64))
            .unwrap()
    };
    let w = (num(&media[2]) - num(&media[0])) * 25.4 / 72.0;
    let h = (num(&media[3]) - num(&media[1])) * 25.4 / 72.0;
    (pages.len(), (w, h))
}

/// All files under a folder, relative, sorted.
pub fn files(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

/// The text of each page, whitespace collapsed.
pub fn pdf_page_texts(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pdf_extract::extract_text_from_mem_by_pages(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .iter()
        .map(|t| collapse(t))
        .collect()
}

/// Copies the first sheet of `src` to `dst`, letting `fill` set values in
/// the columns it names (by header text) for each data row.
pub fn fill(
    src: &std::path::Path,
    dst: &std::path::Path,
    fill: impl Fn(usize, &str) -> Option<calamine::Data>,
) {
    let mut wb = calamine::open_workbook_auto(src).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let (r0, c0) = range.start().unwrap();
    let rows: Vec<Vec<calamine::Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header_idx = rows
        .iter()
        .position(|r| {
            r.iter()
                .any(|c| matches!(c, calamine::Data::String(s) if s == "Nama"))
        })
        .expect("header row");
    let headers: Vec<String> = rows[header_idx].iter().map(|c| c.to_string()).collect();
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            let (r, c) = (r0 + i as u32, (c0 as usize + j) as u16);
            let value = if i > header_idx {
                fill(i - header_idx, &headers[j]).unwrap_or_else(|| cell.clone())
            } else {
                cell.clone()
            };
            match value {
                calamine::Data::String(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                calamine::Data::Float(f) => {
                    ws.write_number(r, c, f).unwrap();
                }
                calamine::Data::Int(n) => {
                    ws.write_number(r, c, n as f64).unwrap();
                }
                _ => {}
            }
        }
    }
    std::fs::write(dst, out.save_to_buffer().unwrap()).unwrap();
}

/// How a run under limits ended.
pub struct Bounded {
    pub output: Output,
    pub elapsed: std::time::Duration,
    /// Killed for taking longer than the time allowed.
    pub timed_out: bool,
}

/// Runs `tkm` in `dir` with at most `virtual_kib` of address space (so a
/// reader that tries to allocate a huge grid fails instead of eating the
/// machine) and `seconds` of wall time.
pub fn tkm_bounded(dir: &Path, args: &[&str], virtual_kib: u64, seconds: u64) -> Bounded {
    use std::io::Read;
    let start = std::time::Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {virtual_kib}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_tkm"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run tkm");
    // Drain the pipes while waiting, so a chatty run cannot block.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).ok();
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stderr.read_to_end(&mut buf).ok();
        buf
    });
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed().as_secs() >= seconds {
            timed_out = true;
            child.kill().ok();
            break child.wait().expect("wait");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Bounded {
        output: Output {
            status,
            stdout: out_reader.join().unwrap(),
            stderr: err_reader.join().unwrap(),
        },
        elapsed: start.elapsed(),
        timed_out,
    }
}
