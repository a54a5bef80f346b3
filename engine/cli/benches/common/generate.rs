//! Generated benchmark documents: `n` chapters of numbered subsections,
//! pseudo-prose paragraphs, a list, an action table and a footnote each
//! (10 chapters ≈ 40 pages, 100 ≈ 400).

use std::path::Path;

const WORDS: &[&str] = &[
    "partnership",
    "agencies",
    "victims",
    "reporting",
    "confidence",
    "community",
    "safety",
    "borough",
    "services",
    "support",
    "training",
    "monitoring",
    "strategy",
    "housing",
    "police",
    "schools",
    "forum",
    "evidence",
    "action",
    "review",
    "residents",
    "referral",
    "pathways",
    "awareness",
    "staff",
    "delivery",
    "outcomes",
    "the",
    "and",
    "of",
    "to",
    "in",
    "with",
    "for",
    "each",
    "will",
    "their",
    "across",
];

/// ~120 words of deterministic pseudo-prose.
fn paragraph(seed: usize) -> String {
    let mut words = Vec::with_capacity(120);
    let mut x = seed.wrapping_mul(2654435761).wrapping_add(12345);
    for i in 0..120 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let w = WORDS[(x >> 33) % WORDS.len()];
        words.push(if i == 0 { capitalise(w) } else { w.to_string() });
        if i % 17 == 16 {
            words.last_mut().unwrap().push('.');
        }
    }
    format!("{}.", words.join(" ").trim_end_matches('.'))
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A project of `n` chapters: numbered subsections, ~120-word paragraphs, a
/// bulleted list, a 10-row action table and a footnote each.
pub fn generate(repo: &Path, dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("prose")).unwrap();
    std::fs::create_dir_all(dir.join("styles/fonts")).unwrap();
    for file in ["house.toml", "quire.typ"] {
        std::fs::copy(
            repo.join("styles").join(file),
            dir.join("styles").join(file),
        )
        .unwrap();
    }
    for font in std::fs::read_dir(repo.join("styles/fonts")).unwrap() {
        let font = font.unwrap();
        std::fs::copy(font.path(), dir.join("styles/fonts").join(font.file_name())).unwrap();
    }
    let mut manifest = String::from(
        "[document]\ntitle = \"Generated benchmark document\"\nauthor = \"Quire\"\ndate = \"2004-06-30\"\n\
         language = \"en-GB\"\nversion = \"1\"\n\n[project]\nstyle = \"styles/house.toml\"\n\n\
         [output]\nname = \"generated\"\ndir = \"out\"\n",
    );
    for c in 1..=n {
        let mut md = format!("# Chapter {c}: delivery area {c}\n\n");
        for s in 1..=3 {
            md.push_str(&format!("## Theme {c}.{s}\n\n"));
            for p in 0..3 {
                md.push_str(&paragraph(c * 100 + s * 10 + p));
                if s == 1 && p == 0 {
                    md.push_str(&format!("[^n{c}]"));
                }
                md.push_str("\n\n");
            }
        }
        md.push_str("- Improve third-party reporting\n- Train frontline staff\n- Publish quarterly figures\n- Review the referral pathways\n\n");
        md.push_str("| Ref | Action | Lead | Outcome | Target |\n|---|---|---|---|---|\n");
        for r in 1..=10 {
            md.push_str(&format!(
                "| {c}.{r} | Deliver action {r} of chapter {c} with partner agencies | Community Safety Unit | Measured quarterly against the baseline | March 2006 |\n"
            ));
        }
        md.push_str(&format!("\n[^n{c}]: Note for chapter {c}: recommendations will be incorporated into the training programme.\n"));
        std::fs::write(dir.join(format!("prose/ch{c}.md")), md).unwrap();
        manifest.push_str(&format!("\n[[sections]]\nid = \"ch{c}\"\nplugin = \"prose\"\nprose = {{ body = \"prose/ch{c}.md\" }}\n"));
    }
    std::fs::write(dir.join("quire.toml"), manifest).unwrap();
}
