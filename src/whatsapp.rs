//! `undangan-whatsapp.html`: for each participant the invitation as a
//! WhatsApp message and a `https://wa.me/62…?text=…` link that opens it,
//! ready to send; participants without a valid mobile number are listed
//! apart. Everything from the data is HTML-escaped (and URL-encoded in
//! links), so a cell cannot inject markup or script.

use std::fmt::Write as _;

/// One participant's message.
pub struct Entry {
    pub nama: String,
    /// The number as written in the spreadsheet.
    pub hp: Option<String>,
    /// The number as `62…`, when it is a valid Indonesian mobile.
    pub wa: Option<String>,
    /// Why there is no link, when there is none.
    pub masalah: Option<String>,
    pub pesan: String,
}

/// `&`, `<`, `>`, `"` and `'` as entities.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encoding for a URL query value (RFC 3986 unreserved kept).
pub fn encode_query(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The page for one activity.
pub fn page(judul: &str, entries: &[Entry]) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n\
         body{{font-family:Arial,Helvetica,sans-serif;margin:2em;max-width:70em}}\n\
         table{{border-collapse:collapse;width:100%}}\n\
         th,td{{border:1px solid #999;padding:.4em;vertical-align:top;text-align:left}}\n\
         th{{background:#ddebf7}}\n\
         pre{{white-space:pre-wrap;font-family:inherit;margin:0}}\n\
         a.kirim{{background:#25d366;color:#fff;padding:.3em .7em;border-radius:.3em;text-decoration:none;white-space:nowrap}}\n\
         </style>\n</head>\n<body>\n<h1>{title}</h1>\n\
         <p>Klik <b>Kirim lewat WhatsApp</b> untuk membuka pesan undangan di WhatsApp; periksa, lalu kirim. \
         Surat undangan resmi (PDF) ada di folder <code>undangan/</code>.</p>\n",
        title = escape_html(judul)
    );
    let (ok, missing): (Vec<&Entry>, Vec<&Entry>) = entries.iter().partition(|e| e.wa.is_some());
    html.push_str(
        "<table>\n<tr><th>No</th><th>Nama</th><th>Nomor HP</th><th>Pesan</th><th></th></tr>\n",
    );
    for (i, e) in ok.iter().enumerate() {
        let wa = e.wa.as_deref().unwrap_or("");
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><pre>{}</pre></td>\
             <td><a class=\"kirim\" href=\"https://wa.me/{}?text={}\" target=\"_blank\" rel=\"noopener noreferrer\">Kirim lewat WhatsApp</a></td></tr>",
            i + 1,
            escape_html(&e.nama),
            escape_html(e.hp.as_deref().unwrap_or("")),
            escape_html(&e.pesan),
            encode_query(wa),
            encode_query(&e.pesan),
        );
    }
    html.push_str("</table>\n");
    if !missing.is_empty() {
        html.push_str("<h2>Tanpa nomor HP yang sah</h2>\n<p>Undangan untuk peserta berikut perlu disampaikan dengan cara lain.</p>\n<table>\n<tr><th>No</th><th>Nama</th><th>Nomor HP</th><th>Keterangan</th></tr>\n");
        for (i, e) in missing.iter().enumerate() {
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                escape_html(&e.nama),
                escape_html(e.hp.as_deref().unwrap_or("-")),
                escape_html(e.masalah.as_deref().unwrap_or("nomor HP kosong")),
            );
        }
        html.push_str("</table>\n");
    }
    html.push_str("</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_urls_are_escaped() {
        assert_eq!(
            escape_html("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(
            encode_query("Yth. Sdr. Nur'aini\n08.00–11.00"),
            "Yth.%20Sdr.%20Nur%27aini%0A08.00%E2%80%9311.00"
        );
    }

    #[test]
    fn a_page_lists_links_and_the_unreachable() {
        let entries = [
            Entry {
                nama: "<b>Siti</b>".into(),
                hp: Some("0812-3456-7890".into()),
                wa: Some("6281234567890".into()),
                masalah: None,
                pesan: "Yth. Sdri. <b>Siti</b>".into(),
            },
            Entry {
                nama: "Budi".into(),
                hp: None,
                wa: None,
                masalah: None,
                pesan: String::new(),
            },
        ];
        let html = page("Undangan TKM-1", &entries);
        assert!(
            html.contains("https://wa.me/6281234567890?text=Yth.%20Sdri.%20%3Cb%3ESiti%3C%2Fb%3E")
        );
        assert!(html.contains("&lt;b&gt;Siti&lt;/b&gt;"));
        assert!(!html.contains("<b>Siti"));
        assert!(html.contains("Tanpa nomor HP yang sah") && html.contains("Budi"));
    }
}
