//! `cargo bench --bench proses`: times `tkm proses` on a generated inputs
//! folder: the sample data plus one activity of N participants (default
//! 500; `TKM_BENCH_PESERTA=2000` to change). Prints min and median of
//! several runs for reading and validating, and for the whole run.

use std::time::{Duration, Instant};

use rust_xlsxwriter::Workbook;
use tkm::pipeline::{self, Folders};

fn big_participant_file(n: usize) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let headers = [
        "No",
        "Nama",
        "NIK",
        "L/P",
        "Tanggal Lahir",
        "Desa",
        "Kelompok",
        "Kode Kegiatan",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(0, 0, "DAFTAR PESERTA BESAR").unwrap();
    for i in 0..n {
        let r = 3 + i as u32;
        ws.write_number(r, 0, i as f64 + 1.0).unwrap();
        ws.write_string(r, 1, format!("Peserta Uji Nomor {i}"))
            .unwrap();
        ws.write_string(r, 2, format!("32170501018{:05}", i + 1))
            .unwrap();
        ws.write_string(r, 3, if i % 2 == 0 { "L" } else { "P" })
            .unwrap();
        ws.write_string(r, 4, "01/01/1980").unwrap();
        ws.write_string(r, 5, "Sukamulya").unwrap();
        ws.write_string(r, 6, "KUB Uji").unwrap();
        ws.write_string(r, 7, "TKM-BENCH").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// One activity in a hall big enough for everyone in one session.
fn big_schedule() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let headers = [
        "Kode Kegiatan",
        "Jenis Kegiatan",
        "Hari/Tanggal",
        "Jam Mulai",
        "Jam Selesai",
        "Acara",
        "Narasumber",
        "Tempat",
        "Luas Ruangan (m2)",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("08.00", "08.30", "Pembukaan"),
        ("08.30", "10.45", "Materi"),
        ("10.45", "11.00", "Penutupan"),
    ];
    for (r, (start, end, acara)) in rows.iter().enumerate() {
        let row = [
            "TKM-BENCH",
            "Pemberdayaan TKM",
            "20/01/2027",
            start,
            end,
            acara,
            "Kepala Dinas",
            "Gedung Olahraga",
            "20000",
        ];
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn stats(mut times: Vec<Duration>) -> String {
    times.sort();
    format!(
        "min {:>8.1?}  median {:>8.1?}",
        times[0],
        times[times.len() / 2]
    )
}

fn main() {
    let n: usize = std::env::var("TKM_BENCH_PESERTA")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let runs: usize = std::env::var("TKM_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    tkm::sample::write(&inputs, true).unwrap();
    std::fs::write(inputs.join("peserta_besar.xlsx"), big_participant_file(n)).unwrap();
    std::fs::write(inputs.join("jadwal_besar.xlsx"), big_schedule()).unwrap();
    let folders = Folders {
        inputs,
        outputs: tmp.path().join("outputs"),
        templates: None,
    };

    let mut load = Vec::new();
    let mut full = Vec::new();
    let mut invitations = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let loaded = pipeline::load(&folders).unwrap();
        load.push(t.elapsed());
        assert!(loaded.data.participants.len() >= n);
        let t = Instant::now();
        let summary = pipeline::proses(&folders, |_, _, _| {}).unwrap();
        full.push(t.elapsed());
        invitations = summary.activities.iter().map(|a| a.undangan).sum();
    }
    println!("tkm proses: sample data + {n} participants ({invitations} invitations), {runs} runs");
    println!("  read + validate   {}", stats(load));
    println!("  whole run         {}", stats(full.clone()));
    let mut per: Vec<Duration> = full
        .iter()
        .map(|d| *d / invitations.max(1) as u32)
        .collect();
    per.sort();
    println!(
        "  per invitation    {:>8.2?} (whole run / invitations, median)",
        per[per.len() / 2]
    );
}
