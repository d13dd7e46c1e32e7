//! The kinds of record an official or evaluator writes, and their names in URLs, revisions and
//! the audit log.

/// The kinds of record an official or evaluator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Agreement,
    Step,
    Roadmap,
    Milestone,
    Activity,
    Report,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Agreement,
        Kind::Step,
        Kind::Roadmap,
        Kind::Milestone,
        Kind::Activity,
        Kind::Report,
    ];

    /// The URL segment (`/id/agreements/3/edit`).
    pub fn segment(self) -> &'static str {
        match self {
            Kind::Agreement => "agreements",
            Kind::Step => "steps",
            Kind::Roadmap => "roadmaps",
            Kind::Milestone => "milestones",
            Kind::Activity => "activities",
            Kind::Report => "reports",
        }
    }

    pub fn from_segment(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.segment() == s)
    }

    /// The name used in revisions and the audit log.
    pub fn subject(self) -> &'static str {
        match self {
            Kind::Agreement => "agreement",
            Kind::Step => "procedure_step",
            Kind::Roadmap => "roadmap",
            Kind::Milestone => "milestone",
            Kind::Activity => "activity",
            Kind::Report => "report",
        }
    }

    pub fn from_subject(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.subject() == s)
    }

    /// Kinds that are published by themselves (milestones go with their roadmap).
    pub fn has_own_publication(self) -> bool {
        self != Kind::Milestone
    }

    pub fn has_document(self) -> bool {
        matches!(self, Kind::Agreement | Kind::Step)
    }
}
