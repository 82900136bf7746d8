//! Faults: a run killed at any moment, a full or read-only outputs folder,
//! two runs at once. What must hold each time: every output under its
//! final name is a complete file (the one an earlier run made, or the one
//! this run made), and the operator is told what happened.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Dir, files, text};

/// Every output file and its bytes, without the lock file and the
/// temporary files a killed run may leave (those are not final names).
fn snapshot(outputs: &Path) -> BTreeMap<String, Vec<u8>> {
    files(outputs)
        .into_iter()
        .filter(|f| !f.ends_with(".tkm.lock") && !is_temporary(f))
        .map(|f| {
            let bytes = std::fs::read(outputs.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn is_temporary(rel: &str) -> bool {
    rel.rsplit('/')
        .next()
        .is_some_and(|n| n.starts_with(".tkm-") && n.ends_with(".tmp"))
}

/// kantor.toml of the second version of the inputs: F4 paper changes
/// every PDF, so a half-replaced output folder would show.
const KANTOR_F4: &str = "[dokumen]\nkertas = \"F4\"\n";

/// The sample inputs and the outputs a complete run makes of them (A),
/// and of the same inputs on F4 paper (B).
struct Versions {
    a: BTreeMap<String, Vec<u8>>,
    b: BTreeMap<String, Vec<u8>>,
    /// How long the complete B run took.
    b_took: Duration,
}

fn versions() -> Versions {
    let dir = Dir::with_sample();
    dir.proses();
    let a = snapshot(&dir.outputs());
    let dir = Dir::with_sample();
    dir.write("inputs/kantor.toml", KANTOR_F4);
    let start = Instant::now();
    dir.proses();
    let b_took = start.elapsed();
    let b = snapshot(&dir.outputs());
    assert_ne!(a, b);
    Versions { a, b, b_took }
}

/// Each output is, byte for byte, version A's or version B's file; every
/// file that both versions have is still there.
fn assert_each_file_whole(outputs: &Path, v: &Versions, when: &str) {
    let now = snapshot(outputs);
    for (f, bytes) in &now {
        let whole = v.a.get(f) == Some(bytes) || v.b.get(f) == Some(bytes);
        assert!(whole, "{when}: {f} is neither the old nor the new file");
    }
    for f in v.a.keys().filter(|f| v.b.contains_key(*f)) {
        assert!(now.contains_key(f), "{when}: {f} is gone");
    }
}

#[test]
fn a_run_killed_at_any_moment_leaves_only_whole_files() {
    let v = versions();
    let dir = Dir::with_sample();
    dir.proses();
    assert_eq!(snapshot(&dir.outputs()), v.a);
    dir.write("inputs/kantor.toml", KANTOR_F4);
    // Kill points spread over the whole length of a run, from the first
    // millisecond (reading inputs) to the last (findings, register).
    let total = v.b_took.as_millis().max(50) as u64;
    for i in 0..12u64 {
        let after = Duration::from_millis(i * total / 10 + i % 3);
        let mut child = Command::new(env!("CARGO_BIN_EXE_tkm"))
            .arg("proses")
            .current_dir(&dir.root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(after);
        // SIGKILL: no destructor, no cleanup runs.
        child.kill().ok();
        child.wait().unwrap();
        assert_each_file_whole(&dir.outputs(), &v, &format!("killed after {after:?}"));
    }
    // The next complete run finishes the job and clears the temporaries.
    let out = dir.proses();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(snapshot(&dir.outputs()), v.b);
    let stray: Vec<String> = files(&dir.outputs())
        .into_iter()
        .filter(|f| is_temporary(f))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

/// `tkm proses` in `dir` with the file-size limit set to `blocks` (512
/// bytes each): past it a write fails with "file too large", the way a
/// full disk makes it fail.
fn proses_with_file_limit(dir: &Dir, blocks: u32) -> Output {
    Command::new("sh")
        .arg("-c")
        // Ignored, SIGXFSZ turns into the EFBIG error instead of a kill.
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" proses"
        ))
        .arg(env!("CARGO_BIN_EXE_tkm"))
        .current_dir(&dir.root)
        .output()
        .unwrap()
}

#[test]
fn a_full_outputs_folder_stops_the_run_with_exit_2_and_loses_nothing() {
    let v = versions();
    // 0: not one byte can be written. 200 blocks (100 KB): the small files
    // are written, the first large one fails part-way.
    for blocks in [0, 200] {
        let dir = Dir::with_sample();
        dir.proses();
        dir.write("inputs/kantor.toml", KANTOR_F4);
        let out = proses_with_file_limit(&dir, blocks);
        let t = text(&out);
        assert_eq!(out.status.code(), Some(2), "limit {blocks}: {t}");
        assert!(
            t.contains("tidak dapat ditulis lagi") && t.contains("batas ukuran berkas tercapai"),
            "limit {blocks}: {t}"
        );
        assert!(!t.contains("panicked"), "{t}");
        assert_each_file_whole(&dir.outputs(), &v, &format!("limit {blocks}"));
        if blocks == 0 {
            assert_eq!(snapshot(&dir.outputs()), v.a, "nothing changed");
        }
        let stray: Vec<String> = files(&dir.outputs())
            .into_iter()
            .filter(|f| is_temporary(f))
            .collect();
        assert!(stray.is_empty(), "limit {blocks}: {stray:?}");
        // Room again: the next run completes.
        let out = dir.proses();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        assert_eq!(snapshot(&dir.outputs()), v.b);
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_outputs_folder_is_exit_2_with_a_message() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Dir::with_sample();
    dir.proses();
    let before = snapshot(&dir.outputs());
    // Run as an ordinary user: root may write anywhere. The binary is
    // copied beside the data so that the user can reach both.
    let tkm = dir.path("tkm");
    std::fs::copy(env!("CARGO_BIN_EXE_tkm"), &tkm).unwrap();
    for entry in walkdir::WalkDir::new(&dir.root) {
        let entry = entry.unwrap();
        let mode = if entry.file_type().is_dir() || entry.path() == tkm {
            0o555
        } else {
            0o444
        };
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let as_root = String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout)
        .unwrap()
        .trim()
        == "0";
    let mut cmd = if as_root {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            tkm.to_str().unwrap(),
        ]);
        c
    } else {
        Command::new(&tkm)
    };
    let out = cmd
        .arg("proses")
        .current_dir(&dir.root)
        .output()
        .expect("setpriv (util-linux) runs tkm as an ordinary user");
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(
        t.contains("folder keluaran") && t.contains("izin ditolak"),
        "{t}"
    );
    assert!(!t.contains("panicked"), "{t}");
    assert_eq!(snapshot(&dir.outputs()), before);
    // Writable again, for the temporary folder's removal.
    for entry in walkdir::WalkDir::new(&dir.root) {
        let entry = entry.unwrap();
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn two_runs_at_once_do_not_corrupt_each_other() {
    let dir = Dir::with_sample();
    let complete = Dir::with_sample();
    complete.proses();
    let want = snapshot(&complete.outputs());
    for _ in 0..3 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_tkm"))
                .arg("proses")
                .current_dir(&dir.root)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, second) = (spawn(), spawn());
        let outs = [
            first.wait_with_output().unwrap(),
            second.wait_with_output().unwrap(),
        ];
        let mut finished = 0;
        for out in &outs {
            let t = text(out);
            match out.status.code() {
                Some(0) => finished += 1,
                Some(2) => assert!(t.contains("sedang dipakai oleh tkm lain"), "{t}"),
                other => panic!("exit {other:?}: {t}"),
            }
        }
        assert!(finished >= 1);
        assert_eq!(snapshot(&dir.outputs()), want);
    }
}
