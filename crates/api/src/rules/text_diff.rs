//! A readable difference between two texts: paragraphs that stay, go or
//! come, and within a paragraph that was edited, the characters (Chinese
//! has no spaces to split words at). Longest common subsequence, bounded:
//! past the bounds a part is shown as replaced whole, never slowly.

use yass_shared_types::revisions::{DiffOp as Op, DiffPart as Part};

/// Most cells of all the comparison tables of one diff together
/// (paragraphs × paragraphs, then characters × characters of each edited
/// paragraph): an editor cannot make the server compare for long, however
/// many paragraphs two versions change.
const MAX_CELLS: usize = 2_000_000;

/// The difference from `old` to `new`, both given as paragraphs.
pub fn diff(old: &[String], new: &[String]) -> Vec<Part> {
    let mut out = vec![];
    let mut budget = MAX_CELLS;
    let ops = lcs(old, new, &mut budget);
    let mut i = 0;
    while i < ops.len() {
        // An edited paragraph: one removed and one added next to it.
        if let (Step::Del(a), Some(Step::Ins(b))) = (ops[i], ops.get(i + 1).copied()) {
            let more_inserts = matches!(ops.get(i + 2), Some(Step::Ins(_)));
            if !more_inserts {
                chars(&old[a], &new[b], &mut out, &mut budget);
                i += 2;
                continue;
            }
        }
        match ops[i] {
            Step::Same(a, _) => push(&mut out, Op::Equal, &old[a], true),
            Step::Del(a) => push(&mut out, Op::Delete, &old[a], true),
            Step::Ins(b) => push(&mut out, Op::Insert, &new[b], true),
        }
        i += 1;
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Same(usize, usize),
    Del(usize),
    Ins(usize),
}

/// The steps from `a` to `b`; everything replaced when the table would
/// be too large.
/// `budget`: the cells left for this diff; a table that would not fit is
/// not built (everything in it replaced) and the budget is not spent.
fn lcs<T: PartialEq>(a: &[T], b: &[T], budget: &mut usize) -> Vec<Step> {
    // Common ends first: most edits touch the middle of a long text.
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut steps: Vec<Step> = (0..head).map(|i| Step::Same(i, i)).collect();
    let (n, m) = (am.len(), bm.len());
    let cells = n.saturating_mul(m);
    if cells > *budget {
        steps.extend((0..n).map(|i| Step::Del(head + i)));
        steps.extend((0..m).map(|j| Step::Ins(head + j)));
    } else {
        *budget -= cells;
        // len[i][j]: the common length of am[i..] and bm[j..].
        let mut len = vec![0u32; (n + 1) * (m + 1)];
        let at = |i: usize, j: usize| i * (m + 1) + j;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                len[at(i, j)] = if am[i] == bm[j] {
                    len[at(i + 1, j + 1)] + 1
                } else {
                    len[at(i + 1, j)].max(len[at(i, j + 1)])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                steps.push(Step::Same(head + i, head + j));
                i += 1;
                j += 1;
            } else if j < m && (i == n || len[at(i, j + 1)] >= len[at(i + 1, j)]) {
                steps.push(Step::Ins(head + j));
                j += 1;
            } else {
                steps.push(Step::Del(head + i));
                i += 1;
            }
        }
        // Within a changed run, removals read before additions.
        let mut k = 0;
        while k < steps.len() {
            let end = steps[k..]
                .iter()
                .position(|s| matches!(s, Step::Same(..)))
                .map_or(steps.len(), |p| k + p);
            steps[k..end].sort_by_key(|s| matches!(s, Step::Ins(_)));
            k = end + 1;
        }
    }
    let (a0, b0) = (a.len() - tail, b.len() - tail);
    steps.extend((0..tail).map(|t| Step::Same(a0 + t, b0 + t)));
    steps
}

/// One edited paragraph, character by character.
fn chars(old: &str, new: &str, out: &mut Vec<Part>, budget: &mut usize) {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    for s in lcs(&a, &b, budget) {
        match s {
            Step::Same(i, _) => push(out, Op::Equal, &a[i].to_string(), false),
            Step::Del(i) => push(out, Op::Delete, &a[i].to_string(), false),
            Step::Ins(j) => push(out, Op::Insert, &b[j].to_string(), false),
        }
    }
    if let Some(last) = out.last_mut() {
        last.break_after = true;
    }
}

/// Appends text, joining it to the last part when that has the same op and
/// does not end a paragraph.
fn push(out: &mut Vec<Part>, op: Op, text: &str, break_after: bool) {
    match out.last_mut() {
        Some(last) if last.op == op && !last.break_after => {
            last.text.push_str(text);
            last.break_after = break_after;
        }
        _ => out.push(Part {
            op,
            text: text.to_string(),
            break_after,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| (*x).to_string()).collect()
    }

    fn show(parts: &[Part]) -> String {
        parts
            .iter()
            .map(|p| {
                let t = match p.op {
                    Op::Equal => p.text.clone(),
                    Op::Delete => format!("[-{}-]", p.text),
                    Op::Insert => format!("{{+{}+}}", p.text),
                };
                if p.break_after { format!("{t}|") } else { t }
            })
            .collect()
    }

    #[test]
    fn the_same_text_is_all_equal() {
        let a = v(&["一", "二"]);
        assert_eq!(show(&diff(&a, &a)), "一|二|");
    }

    #[test]
    fn an_edited_paragraph_shows_its_characters() {
        let d = diff(
            &v(&["報到日期：九月一日", "地點：禮堂"]),
            &v(&["報到日期：九月二日", "地點：禮堂"]),
        );
        assert_eq!(show(&d), "報到日期：九月[-一-]{+二+}日|地點：禮堂|");
    }

    #[test]
    fn paragraphs_come_and_go() {
        let d = diff(&v(&["甲", "乙", "丙"]), &v(&["甲", "丙", "丁"]));
        assert_eq!(show(&d), "甲|[-乙-]|丙|{+丁+}|");
        assert_eq!(show(&diff(&[], &v(&["新"]))), "{+新+}|");
        assert_eq!(show(&diff(&v(&["舊"]), &[])), "[-舊-]|");
    }

    #[test]
    fn several_replaced_paragraphs_read_removals_first() {
        let d = diff(&v(&["a", "x", "y", "b"]), &v(&["a", "p", "q", "b"]));
        assert_eq!(show(&d), "a|[-x-]|[-y-]|{+p+}|{+q+}|b|");
    }

    #[test]
    fn many_edited_paragraphs_share_one_budget() {
        // 400 paragraphs of 1,000 characters, each edited: comparing each by
        // characters would be 400 million cells; the budget stops it.
        let old: Vec<String> = (0..400)
            .map(|i| format!("{i}:{}", "甲".repeat(1000)))
            .collect();
        let new: Vec<String> = (0..400)
            .map(|i| format!("{i}:{}", "乙".repeat(1000)))
            .collect();
        let interleaved_old: Vec<String> = old
            .iter()
            .zip(&new)
            .flat_map(|(a, _)| [a.clone(), "同".into()])
            .collect();
        let interleaved_new: Vec<String> =
            new.iter().flat_map(|b| [b.clone(), "同".into()]).collect();
        let started = std::time::Instant::now();
        let d = diff(&interleaved_old, &interleaved_new);
        assert!(
            d.iter()
                .any(|p| p.op == Op::Delete && p.text.chars().count() >= 1000),
            "later ones replaced whole"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "bounded"
        );
    }

    #[test]
    fn huge_texts_are_bounded() {
        let a: Vec<String> = (0..3000).map(|i| format!("a{i}")).collect();
        let b: Vec<String> = (0..3000).map(|i| format!("b{i}")).collect();
        let d = diff(&a, &b);
        assert_eq!(d.len(), 6000, "all replaced, no table of 9 million cells");
    }
}
