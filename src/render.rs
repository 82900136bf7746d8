//! Templates to PDF: Tera renders a Typst source, Typst compiles it
//! in-process, typst-pdf exports it.
//!
//! Everything expensive is done once per run: templates are parsed when the
//! [`Renderer`] is built, fonts are loaded into one font book, and the Typst
//! engine (with its memoization cache) is reused for every document.
//!
//! Templates are embedded in the binary; a file of the same name in the
//! templates folder overrides the embedded one. Every value placed with
//! `{{ … }}` is escaped for Typst markup by [`escape_markup`], so text from
//! a spreadsheet is always printed, never executed.

use std::borrow::Cow;
use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tera::{Context, Kwargs, State, Tera, Value};
use typst::diag::{FileResult, Severity as DiagSeverity, SourceDiagnostic};
use typst::foundations::Bytes;
use typst::layout::{Frame, FrameItem, PageRanges};
use typst::syntax::{DiagSpanKind, FileId, Source};
use typst::text::{Font, FontBook};
use typst_as_lib::TypstEngine;
use typst_as_lib::conversions::IntoFileId;
use typst_as_lib::file_resolver::FileResolver;
use typst_layout::PagedDocument;

/// The document templates, embedded as defaults: (file name, content).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "dasar.typ.tera",
        include_str!("../templates/dasar.typ.tera"),
    ),
    (
        "undangan.typ.tera",
        include_str!("../templates/undangan.typ.tera"),
    ),
    (
        "daftar-hadir.typ.tera",
        include_str!("../templates/daftar-hadir.typ.tera"),
    ),
    (
        "lembar-evaluasi.typ.tera",
        include_str!("../templates/lembar-evaluasi.typ.tera"),
    ),
    (
        "laporan-kegiatan.typ.tera",
        include_str!("../templates/laporan-kegiatan.typ.tera"),
    ),
    (
        "laporan-bulanan.typ.tera",
        include_str!("../templates/laporan-bulanan.typ.tera"),
    ),
    (
        "daftar-rekaman.typ.tera",
        include_str!("../templates/daftar-rekaman.typ.tera"),
    ),
    (
        "usul-musnah.typ.tera",
        include_str!("../templates/usul-musnah.typ.tera"),
    ),
];

/// Liberation Sans (SIL OFL 1.1): metric-compatible with Arial, which the
/// Tata Naskah Dinas asks for. The licence is in `src/assets/fonts/`.
const FONTS: &[&[u8]] = &[
    include_bytes!("assets/fonts/LiberationSans-Regular.ttf"),
    include_bytes!("assets/fonts/LiberationSans-Bold.ttf"),
    include_bytes!("assets/fonts/LiberationSans-Italic.ttf"),
    include_bytes!("assets/fonts/LiberationSans-BoldItalic.ttf"),
];

/// The placeholder emblem of the fictional default office.
pub const DEFAULT_LOGO: &[u8] = include_bytes!("assets/logo.svg");

/// Escapes text for Typst markup: a backslash before every ASCII
/// punctuation character makes `#`, `*`, `$`, `[`, `]`, `<`, `@`, `/`, `=`,
/// `-` and the rest literal. Line breaks and other control characters become
/// spaces, so a value cannot start a new paragraph, heading or list item.
pub fn escape_markup(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut buf = [0u8; 4];
    for c in input.chars() {
        if c.is_ascii_punctuation() {
            out.write_all(&[b'\\', c as u8])?;
        } else if c.is_control() {
            out.write_all(b" ")?;
        } else {
            out.write_all(c.encode_utf8(&mut buf).as_bytes())?;
        }
    }
    Ok(())
}

/// The markup escape as a `String`, for tests and callers outside Tera.
pub fn escape_markup_string(input: &str) -> String {
    let mut out = Vec::with_capacity(input.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = escape_markup(input, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// A Typst string literal, quoted: for values used in code (document
/// titles), where the markup escape would leave backslashes in the text.
pub fn string_literal(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 2);
    out.push('"');
    for c in input.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A problem compiling or rendering a template, already worded.
#[derive(Debug, Clone)]
pub struct RenderError {
    pub template: String,
    pub message: String,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "templat {}: {}", self.template, self.message)
    }
}

/// A warning from Typst (an unknown font, a missing glyph), worded.
#[derive(Debug, Clone)]
pub struct RenderWarning {
    pub template: String,
    pub message: String,
    /// For a missing-glyph warning: the characters the fonts lack.
    pub missing: String,
}

/// Sources and files the Typst world reads; the renderer swaps the main
/// source per document and registers images by virtual path.
#[derive(Default)]
struct Store {
    sources: RwLock<HashMap<FileId, Source>>,
    files: RwLock<HashMap<FileId, Bytes>>,
}

struct StoreResolver(Arc<Store>);

fn not_found(id: FileId) -> typst::diag::FileError {
    typst::diag::FileError::NotFound(id.vpath().get_without_slash().into())
}

impl FileResolver for StoreResolver {
    fn resolve_binary(&self, id: FileId) -> FileResult<Cow<'_, Bytes>> {
        let files = self.0.files.read().map_err(|_| not_found(id))?;
        files
            .get(&id)
            .cloned()
            .map(Cow::Owned)
            .ok_or_else(|| not_found(id))
    }

    fn resolve_source(&self, id: FileId) -> FileResult<Cow<'_, Source>> {
        let sources = self.0.sources.read().map_err(|_| not_found(id))?;
        sources
            .get(&id)
            .cloned()
            .map(Cow::Owned)
            .ok_or_else(|| not_found(id))
    }
}

/// Where a template came from, for messages.
#[derive(Debug, Clone)]
pub enum TemplateOrigin {
    Embedded,
    File(PathBuf),
}

pub struct Renderer {
    tera: Tera,
    engine: TypstEngine,
    store: Arc<Store>,
    origins: HashMap<String, TemplateOrigin>,
    /// Template texts (name, text), for pointing Typst errors at a line.
    texts: Vec<(String, String)>,
    families: Vec<String>,
}

impl Renderer {
    /// Parses the templates (embedded, overridden by files of the same name
    /// in `template_dir`) and loads the fonts (embedded, plus `*.ttf`/`*.otf`
    /// in `template_dir/fonts`). Fails with every broken template named.
    pub fn new(template_dir: Option<&Path>) -> Result<Renderer, Vec<RenderError>> {
        let mut tera = Tera::default();
        tera.autoescape_on([".typ.tera"]);
        tera.set_escape_fn(escape_markup);
        tera.register_filter("typst_str", |s: &str, _: Kwargs, _: &State| {
            Value::safe_string(&string_literal(s))
        });
        let mut origins = HashMap::new();
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut errors = Vec::new();
        for (name, embedded) in TEMPLATES {
            let on_disk = template_dir.map(|d| d.join(name)).filter(|p| p.is_file());
            match on_disk {
                Some(path) => match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        origins.insert(name.to_string(), TemplateOrigin::File(path));
                        sources.push((name.to_string(), text));
                    }
                    Err(e) => errors.push(RenderError {
                        template: path.display().to_string(),
                        message: format!("tidak dapat dibaca: {e}"),
                    }),
                },
                None => {
                    origins.insert(name.to_string(), TemplateOrigin::Embedded);
                    sources.push((name.to_string(), embedded.to_string()));
                }
            }
        }
        // Add one by one so that each broken template is named; the ones
        // that include others need those first, which the order above gives.
        for (name, text) in &sources {
            if let Err(e) = tera.add_raw_template(name, text) {
                errors.push(RenderError {
                    template: describe(&origins, name),
                    message: tera_message(&e),
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let mut fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(data.to_vec())))
            .collect();
        if let Some(dir) = template_dir.map(|d| d.join("fonts")).filter(|d| d.is_dir()) {
            for entry in walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                let path = entry.path();
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("")
                    .to_lowercase();
                if matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc") {
                    match std::fs::read(path) {
                        Ok(data) => fonts.extend(Font::iter(Bytes::new(data))),
                        Err(e) => errors.push(RenderError {
                            template: path.display().to_string(),
                            message: format!("font tidak dapat dibaca: {e}"),
                        }),
                    }
                }
            }
        }
        let book = FontBook::from_fonts(fonts.iter());
        let mut families: Vec<String> = book.families().map(|(name, _)| name.to_string()).collect();
        families.dedup();

        let store = Arc::new(Store::default());
        let engine = TypstEngine::builder()
            .fonts(fonts)
            .add_file_resolver(StoreResolver(store.clone()))
            .comemo_evict_max_age(Some(10))
            .build();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Renderer {
            tera,
            engine,
            store,
            origins,
            texts: sources,
            families,
        })
    }

    /// Font families available to documents.
    pub fn families(&self) -> &[String] {
        &self.families
    }

    pub fn has_family(&self, family: &str) -> bool {
        self.families.iter().any(|f| f.eq_ignore_ascii_case(family))
    }

    /// Makes a file (an image) available to documents at a virtual path.
    pub fn add_file(&self, path: &str, data: Vec<u8>) {
        if let Ok(mut files) = self.store.files.write() {
            files.insert(path.into_file_id(), Bytes::new(data));
        }
    }

    /// Renders a template to Typst source.
    pub fn source(&self, template: &str, ctx: &Context) -> Result<String, RenderError> {
        self.tera.render(template, ctx).map_err(|e| RenderError {
            template: describe(&self.origins, template),
            message: tera_message(&e),
        })
    }

    /// Renders and compiles a template; returns the document and Typst's
    /// warnings.
    pub fn compile(
        &self,
        template: &str,
        ctx: &Context,
    ) -> Result<(PagedDocument, Vec<RenderWarning>), RenderError> {
        let source = self.source(template, ctx)?;
        let vpath = format!("/{}", template.trim_end_matches(".tera"));
        let id = vpath.as_str().into_file_id();
        let source = Source::new(id, source);
        if let Ok(mut sources) = self.store.sources.write() {
            sources.insert(id, source.clone());
        }
        let result = self.engine.compile::<_, PagedDocument>(id);
        let mut warnings: Vec<RenderWarning> = result
            .warnings
            .iter()
            .filter(|d| d.severity == DiagSeverity::Warning)
            .map(|d| RenderWarning {
                missing: String::new(),
                template: describe(&self.origins, template),
                message: diagnostics_message(
                    std::slice::from_ref(d),
                    &source,
                    &self.texts,
                    template,
                ),
            })
            .collect();
        match result.output {
            Ok(doc) => {
                for (page, chars) in missing_glyphs(&doc) {
                    warnings.push(RenderWarning {
                        template: describe(&self.origins, template),
                        message: format!(
                            "halaman {page}: karakter {} tidak ada di font dan tercetak sebagai kotak kosong",
                            describe_chars(&chars)
                        ),
                        missing: chars,
                    });
                }
                Ok((doc, warnings))
            }
            Err(e) => Err(RenderError {
                template: describe(&self.origins, template),
                message: match &e {
                    typst_as_lib::TypstAsLibError::TypstSource(diags) => {
                        diagnostics_message(diags, &source, &self.texts, template)
                    }
                    other => other.to_string(),
                },
            }),
        }
    }
}

/// Characters that came out as the font's "missing glyph" box, per page
/// (1-based): Typst substitutes silently, so every page is checked.
pub fn missing_glyphs(doc: &PagedDocument) -> Vec<(usize, String)> {
    fn collect(frame: &Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => collect(&group.frame, out),
                FrameItem::Text(text) => {
                    for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                        let chars = text.text.get(glyph.range()).unwrap_or("");
                        for c in chars.chars().filter(|c| !c.is_whitespace()) {
                            if !out.contains(c) {
                                out.push(c);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut pages = Vec::new();
    for (i, page) in doc.pages().iter().enumerate() {
        let mut chars = String::new();
        collect(&page.frame, &mut chars);
        if !chars.is_empty() {
            pages.push((i + 1, chars));
        }
    }
    pages
}

/// `"😀" (U+1F600), "漢" (U+6F22)`.
pub fn describe_chars(chars: &str) -> String {
    chars
        .chars()
        .map(|c| format!("\"{c}\" (U+{:04X})", c as u32))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The page (1-based) of the element labelled `name` in a compiled
/// document, when the label occurs exactly once.
pub fn label_page(doc: &PagedDocument, name: &str) -> Option<usize> {
    use typst::introspection::Introspector;
    let label = typst::foundations::Label::new(typst::utils::PicoStr::intern(name))?;
    let introspector = doc.introspector();
    let content = introspector.query_label(label).ok()?;
    let location = content.location()?;
    introspector.page(location).map(|p| p.get())
}

/// Exports a whole document, or the given 1-based pages, as PDF bytes.
pub fn pdf(
    doc: &PagedDocument,
    pages: Option<std::ops::RangeInclusive<usize>>,
) -> Result<Vec<u8>, String> {
    let page_ranges = pages.map(|r| {
        PageRanges::new(vec![
            NonZeroUsize::new(*r.start())..=NonZeroUsize::new(*r.end()),
        ])
    });
    // Typst cannot tag a PDF that holds only some pages of a document; the
    // whole-document files stay tagged for screen readers.
    let options = typst_pdf::PdfOptions {
        tagged: page_ranges.is_none(),
        page_ranges,
        ..Default::default()
    };
    typst_pdf::pdf(doc, &options).map_err(|diags| {
        diags
            .iter()
            .map(|d| d.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

fn describe(origins: &HashMap<String, TemplateOrigin>, name: &str) -> String {
    match origins.get(name) {
        Some(TemplateOrigin::File(path)) => path.display().to_string(),
        _ => format!("{name} (bawaan)"),
    }
}

fn tera_message(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    message
}

/// Typst's diagnostics, deduplicated (a broken line inside a loop fails
/// once per participant), at most three, each pointed at the template line
/// that produced it.
fn diagnostics_message(
    diags: &[SourceDiagnostic],
    source: &Source,
    texts: &[(String, String)],
    template: &str,
) -> String {
    let mut seen: Vec<String> = Vec::new();
    for d in diags {
        let mut message = format!("Typst: {}", d.message);
        if let Some((line, text)) = span_line(d, source) {
            let shown: String = text.trim().chars().take(80).collect();
            match template_line(texts, template, &text) {
                Some((name, n)) => {
                    message.push_str(&format!(" (templat {name} baris {n}: `{shown}`)"))
                }
                None => message.push_str(&format!(" (baris {line} sumber Typst: `{shown}`)")),
            }
        }
        for hint in &d.hints {
            message.push_str(&format!("; petunjuk: {}", hint.v));
        }
        if !seen.contains(&message) {
            seen.push(message);
        }
    }
    let more = seen.len().saturating_sub(3);
    let mut out = seen.into_iter().take(3).collect::<Vec<_>>().join("; ");
    if more > 0 {
        out.push_str(&format!("; dan {more} kesalahan lain"));
    }
    out
}

/// The line (1-based) and its text in the generated source where a
/// diagnostic points.
fn span_line(d: &SourceDiagnostic, source: &Source) -> Option<(usize, String)> {
    let start = match d.span.get() {
        DiagSpanKind::Number { id, num, .. } if id == source.id() => source.range(num, None)?.start,
        DiagSpanKind::Range { id, range } if id == source.id() => range.start,
        _ => return None,
    };
    let text = source.text();
    let before = text.get(..start)?;
    let line = before.matches('\n').count() + 1;
    let line_text = text.lines().nth(line - 1).unwrap_or("").to_string();
    Some((line, line_text))
}

/// Finds the template line that produced a generated line: the line whose
/// literal parts (everything outside `{{ }}`, `{% %}` and `{# #}`) all occur
/// in the generated line, in order. The compiled template is searched
/// before the ones it includes.
fn template_line(
    texts: &[(String, String)],
    template: &str,
    generated: &str,
) -> Option<(String, usize)> {
    let generated = generated.trim();
    if generated.is_empty() {
        return None;
    }
    let order = texts
        .iter()
        .filter(|(name, _)| name == template)
        .chain(texts.iter().filter(|(name, _)| name != template));
    for (name, text) in order {
        for (i, line) in text.lines().enumerate() {
            let pieces = literal_pieces(line);
            if pieces.iter().all(|p| p.trim().is_empty()) {
                continue;
            }
            let mut rest = generated;
            let all = pieces
                .iter()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
                .all(|p| match rest.find(p) {
                    Some(at) => {
                        rest = &rest[at + p.len()..];
                        true
                    }
                    None => false,
                });
            if all {
                return Some((name.clone(), i + 1));
            }
        }
    }
    None
}

/// A template line without its Tera tags, as the literal pieces between them.
fn literal_pieces(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = line;
    while let Some(open) = ["{{", "{%", "{#"].iter().filter_map(|t| rest.find(t)).min() {
        pieces.push(&rest[..open]);
        let close = match &rest[open..open + 2] {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        match rest[open..].find(close) {
            Some(end) => rest = &rest[open + end + 2..],
            None => return pieces,
        }
    }
    pieces.push(rest);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_escaped() {
        assert_eq!(
            escape_markup_string("Rahmat *Hidayat*"),
            "Rahmat \\*Hidayat\\*"
        );
        assert_eq!(
            escape_markup_string("#set page(width: 1cm) Imas"),
            "\\#set page\\(width\\: 1cm\\) Imas"
        );
        assert_eq!(escape_markup_string("C:\\Users\\"), "C\\:\\\\Users\\\\");
        assert_eq!(escape_markup_string("a\nb"), "a b");
        assert_eq!(escape_markup_string("Nur’aini Ç"), "Nur’aini Ç");
    }

    #[test]
    fn typst_errors_point_at_the_template_line() {
        let texts = vec![
            (
                "u.typ.tera".to_string(),
                "{% include \"d\" %}\n{% for u in xs %}\n#kop()\n#foo({{ u.nama }}\n{% endfor %}\n"
                    .to_string(),
            ),
            ("d".to_string(), "#let kop() = [x]\n".to_string()),
        ];
        assert_eq!(
            template_line(&texts, "u.typ.tera", "#foo(Siti"),
            Some(("u.typ.tera".into(), 4))
        );
        assert_eq!(
            template_line(&texts, "u.typ.tera", "#let kop() = [x]"),
            Some(("d".into(), 1))
        );
        assert_eq!(template_line(&texts, "u.typ.tera", "tidak ada"), None);
        assert_eq!(literal_pieces("a {{ b }} c {% d %}"), ["a ", " c ", ""]);
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(
            string_literal(r#"Nur'aini "X" \"#),
            r#""Nur'aini \"X\" \\""#
        );
    }
}
