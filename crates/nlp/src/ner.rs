//! Not written yet (issue 3).
