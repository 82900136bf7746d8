//! tkm: a batch pipeline for the Pemberdayaan Tenaga Kerja Mandiri (TKM)
//! SOP of a district manpower office.
//!
//! The stages, one module each, in the order a run goes through them:
//!
//! - [`discover`]: walk the inputs folder; skip lock, hidden and temporary files.
//! - [`ingest`]: read xlsx/xls/ods/csv into located cell grids.
//! - [`header`]: find the header row and recognise the sheet's kind.
//! - [`model`]: parse rows once into activities, participants and results.
//! - [`validate`]: check the SOP's kelengkapan ([`ids`] for NIK, NIP, phone); collect [`findings`].
//! - [`documents`] and [`render`]: Tera → Typst → PDF; [`output`] writes atomically.
//! - [`report`]: findings as text, JSON and `temuan.xlsx`.
//!
//! [`pipeline`] strings the stages together; [`cli`] is the command line.

#![forbid(unsafe_code)]

pub mod arsip;
pub mod bagit;
pub mod cli;
pub mod config;
pub mod discover;
pub mod documents;
pub mod findings;
pub mod forms;
pub mod header;
pub mod ids;
pub mod indo;
pub mod ingest;
pub mod laporan;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod register;
pub mod render;
pub mod report;
pub mod sample;
pub mod sop;
pub mod stats;
pub mod validate;
pub mod value;
pub mod whatsapp;
