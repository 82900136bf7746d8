//! Integration tests: the `tkm` binary over inputs folders built by the
//! tests themselves (with tkm's own generator, rust_xlsxwriter, and the
//! committed LibreOffice fixtures in `tests/fixtures/`), so they pass on a
//! clone without `../shared`. The `shared_samples` module runs the same
//! checks over a copy of `../shared/samples` when `TKM_SHARED_SAMPLES`
//! names that folder (`.ci/run` sets it).

mod util;

// `tkm proses` on the generated sample data: what a new user gets.
mod proses;
// Messy inputs: numeric NIKs, cp1252 `;` CSV, old .xls, .ods, lock files,
// corrupt and empty files.
mod messy;
// Hostile text in cells is printed, never executed.
mod hostile;
// Exit codes, kantor.toml errors, template overrides, `validasi`.
mod cli;
// The xlsx entry forms and the WhatsApp page.
mod forms;
// The activity report and the monthly recap.
mod laporan;
// Archive bundles and their verification.
mod arsip;
// The real-world samples in ../shared/samples.
mod shared_samples;
// The robustness corpus in ../shared/corpus.
mod corpus;
// Property tests: parsers, header detection, CSV and damaged workbooks.
mod props;
// Faults: killed runs, a full or read-only outputs folder, runs at once.
mod faults;
