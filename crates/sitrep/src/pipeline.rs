//! The per-document pipeline: a [`Document`] in, a [`Record`] out.
//!
//! Every stage is a pure function of the document plus resources loaded once, so the same
//! [`Pipeline`] is shared by all worker threads.

use sitrep_extract::{ExtractOptions, Extractor};
use sitrep_types::{Document, Record};

/// Everything needed to code documents; build once, share across threads.
#[derive(Debug, Clone)]
pub struct Pipeline {
    extractor: Extractor,
}

/// Builds a [`Pipeline`].
#[derive(Debug, Clone, Default)]
pub struct PipelineBuilder {
    extract: ExtractOptions,
}

impl PipelineBuilder {
    /// Extraction options (`--url`, `--date`).
    #[must_use]
    pub fn extract_options(mut self, opts: ExtractOptions) -> Self {
        self.extract = opts;
        self
    }

    /// Load resources and build the pipeline.
    #[must_use]
    pub fn build(self) -> Pipeline {
        Pipeline {
            extractor: Extractor::new(self.extract),
        }
    }
}

impl Pipeline {
    /// A builder with default options.
    #[must_use]
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The extractor.
    #[must_use]
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// Code one document.
    pub fn code(&self, doc: &Document) -> Result<Record, sitrep_extract::ExtractError> {
        let article = self.extractor.extract(doc)?;
        Ok(Record::new(article))
    }
}
