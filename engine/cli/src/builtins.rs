//! The section plugins built into the engine.

use std::sync::Arc;

use quire_core::Registry;

/// A registry holding every built-in section plugin.
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    registry.register(Arc::new(quire_section_overview::OverviewPlugin));
    registry.register(Arc::new(quire_section_baseline::BaselinePlugin));
    registry.register(Arc::new(quire_section_aims::AimsPlugin));
    registry.register(Arc::new(quire_section_partnership::PartnershipPlugin));
    registry.register(Arc::new(quire_section_plan::PlanPlugin));
    registry.register(Arc::new(quire_section_strand::StrandPlugin));
    registry.register(Arc::new(quire_section_process::ProcessPlugin));
    registry.register(Arc::new(quire_section_prose::ProsePlugin));
    registry.register(Arc::new(quire_section_committee::CommitteePlugin));
    registry
}
