//! Page size, margins and sections: portrait pages and the landscape
//! sections wide divisions turn to.

use docx_rs::{Docx, Footer, Header, PageMargin, PageOrientationType, Paragraph, SectionProperty};

use super::Builder;

impl Builder<'_> {
    pub(super) fn page_setup(&self, docx: Docx) -> Docx {
        let (w, h) = self.style.page.paper.size();
        docx.page_size((w * 20.0).round() as u32, (h * 20.0).round() as u32)
            .page_margin(self.margins())
            .header(self.running(
                &self.style.running.header_left,
                &self.style.running.header_right,
                "Header",
            ))
            .footer(self.running_footer())
            .first_header(Header::new().add_paragraph(Paragraph::new().style("Header")))
            .first_footer(Footer::new().add_paragraph(Paragraph::new().style("Footer")))
            .title_pg()
    }

    pub(super) fn margins(&self) -> PageMargin {
        let p = &self.style.page;
        PageMargin::new()
            .top(p.margin_top.twips() as i32)
            .bottom(p.margin_bottom.twips() as i32)
            .left(p.margin_left.twips() as i32)
            .right(p.margin_right.twips() as i32)
            .header(((p.margin_top.twips()) / 2) as i32)
            .footer(((p.margin_bottom.twips()) / 2) as i32)
    }

    pub(super) fn text_width(&self) -> u32 {
        if self.landscape {
            self.widths.landscape
        } else {
            self.widths.portrait
        }
    }

    pub(super) fn section_break(&self, landscape: bool) -> Paragraph {
        let (w, h) = self.style.page.paper.size();
        let (w, h) = ((w * 20.0).round() as u32, (h * 20.0).round() as u32);
        let mut sp = SectionProperty::new().page_margin(self.margins());
        sp = if landscape {
            sp.page_size(
                docx_rs::PageSize::new()
                    .width(h)
                    .height(w)
                    .orient(PageOrientationType::Landscape),
            )
            .page_orient(PageOrientationType::Landscape)
        } else {
            sp.page_size(docx_rs::PageSize::new().width(w).height(h))
        };
        // The paragraph ending a section is empty: one point high, so it
        // never pushes the section's last line onto a page of its own.
        Paragraph::new().section_property(sp).line_spacing(
            docx_rs::LineSpacing::new()
                .line(20)
                .line_rule(docx_rs::LineSpacingType::Exact)
                .before(0)
                .after(0),
        )
    }
}
