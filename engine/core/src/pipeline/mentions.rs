//! Ids one section defines and another mentions, checked across sections.
//!
//! A plugin sees only its own section's data: a theme names the plan's
//! actions by ref (`actions = ["1a", "2b"]`) but cannot read the plan to
//! check them. Each section's response says which ids it defines and which
//! it mentions ([`quire_wire::SectionResponse::define`], `mention`); once
//! every section is built, each mention is looked up among the definitions
//! of the whole document. One that is not there is an error at the data
//! line it is written on, with the closest defined id as a suggestion; an
//! id two sections define is an error at the second.

use std::collections::BTreeMap;

use quire_schema::closest;
use quire_wire::IdAt;

/// What one section said it defines and mentions.
pub(super) struct SectionIds {
    /// The section's index among the document's entries.
    pub section: usize,
    /// Its ids, as the response gave them.
    pub defines: Vec<IdAt>,
    /// Ids of other sections it names.
    pub mentions: Vec<IdAt>,
}

/// A problem with an id, at a data item of a section.
#[derive(Debug, PartialEq)]
pub(super) struct IdProblem {
    /// The section whose data holds it.
    pub section: usize,
    /// The data item (`actions[3]`).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// A closer id, when one is defined.
    pub suggestion: Option<String>,
}

/// Every mention no section defines, and every id two sections define.
/// `name` gives a section's id for the messages.
pub(super) fn check(ids: &[SectionIds], name: impl Fn(usize) -> String) -> Vec<IdProblem> {
    let mut problems = Vec::new();
    // kind → id → the section that defines it first.
    let mut defined: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for section in ids {
        for d in &section.defines {
            let by_id = defined.entry(d.kind.as_str()).or_default();
            match by_id.get(d.id.as_str()) {
                // Within one section, the plugin tells its own duplicates.
                Some(&first) if first != section.section => problems.push(IdProblem {
                    section: section.section,
                    path: d.path.clone(),
                    message: format!(
                        "the {} `{}` is defined by two sections, `{}` and `{}`",
                        d.kind,
                        d.id,
                        name(first),
                        name(section.section)
                    ),
                    suggestion: None,
                }),
                Some(_) => {}
                None => {
                    by_id.insert(d.id.as_str(), section.section);
                }
            }
        }
    }
    for section in ids {
        // A kind no section defines is told once per section, at its
        // first mention, not at every one.
        let mut undefined_told: Vec<&str> = Vec::new();
        for m in &section.mentions {
            let by_id = defined.get(m.kind.as_str());
            if by_id.is_none() {
                if undefined_told.contains(&m.kind.as_str()) {
                    continue;
                }
                undefined_told.push(m.kind.as_str());
            }
            if by_id.is_some_and(|ids| ids.contains_key(m.id.as_str())) {
                continue;
            }
            let (message, suggestion) = match by_id {
                Some(by_id) => {
                    let known: Vec<&str> = by_id.keys().copied().collect();
                    let definers: Vec<String> = {
                        let mut s: Vec<usize> = by_id.values().copied().collect();
                        s.sort_unstable();
                        s.dedup();
                        s.into_iter().map(|i| format!("`{}`", name(i))).collect()
                    };
                    (
                        format!(
                            "no section defines the {} `{}` (section {} defines the {}s)",
                            m.kind,
                            m.id,
                            definers.join(" and "),
                            m.kind
                        ),
                        closest(&m.id, &known).map(str::to_string),
                    )
                }
                None => {
                    let count = section.mentions.iter().filter(|o| o.kind == m.kind).count();
                    (
                        format!(
                            "the section names {count} {}{} (`{}` first), but the document has no section that defines {}s",
                            m.kind,
                            if count == 1 { "" } else { "s" },
                            m.id,
                            m.kind
                        ),
                        None,
                    )
                }
            };
            problems.push(IdProblem {
                section: section.section,
                path: m.path.clone(),
                message,
                suggestion,
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(section: usize, defines: &[&str], mentions: &[&str]) -> SectionIds {
        let at = |list: &[&str], what: &str| {
            list.iter()
                .enumerate()
                .map(|(i, id)| IdAt::new("action", *id, format!("{what}[{i}]")))
                .collect()
        };
        SectionIds {
            section,
            defines: at(defines, "actions"),
            mentions: at(mentions, "refs"),
        }
    }

    fn name(i: usize) -> String {
        ["plan", "race", "extra"][i].to_string()
    }

    #[test]
    fn a_mention_of_a_defined_id_passes_and_one_of_an_unknown_id_suggests_the_closest() {
        let problems = check(
            &[
                ids(0, &["1a", "1b", "2a"], &[]),
                ids(1, &[], &["1a", "1c", "2a"]),
            ],
            name,
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert_eq!((p.section, p.path.as_str()), (1, "refs[1]"));
        assert_eq!(
            p.message,
            "no section defines the action `1c` (section `plan` defines the actions)"
        );
        assert!(p.suggestion.is_some(), "{p:?}");
    }

    #[test]
    fn a_kind_no_section_defines_and_an_id_two_sections_define_are_told() {
        let problems = check(&[ids(1, &[], &["1a", "1b", "2a"])], name);
        assert_eq!(problems.len(), 1, "told once: {problems:?}");
        assert_eq!(
            problems[0].message,
            "the section names 3 actions (`1a` first), but the document has no section that defines actions"
        );
        let problems = check(&[ids(0, &["1a"], &[]), ids(2, &["1a"], &[])], name);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].section, 2);
        assert!(
            problems[0]
                .message
                .contains("defined by two sections, `plan` and `extra`")
        );
        // One section's own duplicates are its plugin's to tell.
        assert!(check(&[ids(0, &["1a", "1a"], &[])], name).is_empty());
    }
}
