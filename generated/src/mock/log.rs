//! The mock's request log: the newest requests, up to a capacity, and a count of the older
//! ones it dropped to stay there.

use std::collections::VecDeque;

use super::RequestRecord;

/// The longest path or verdict a record keeps, in bytes: both may quote what a client sent.
const TEXT_BYTES: usize = 512;

#[derive(Debug)]
pub(crate) struct RequestLog {
    records: VecDeque<RequestRecord>,
    dropped: u64,
    capacity: usize,
}

impl RequestLog {
    pub(crate) fn new(capacity: usize) -> RequestLog {
        RequestLog {
            records: VecDeque::new(),
            dropped: 0,
            capacity,
        }
    }

    /// Adds a record, with its texts bounded, dropping the oldest past the capacity.
    pub(crate) fn push(&mut self, mut record: RequestRecord) {
        for text in [&mut record.path, &mut record.verdict] {
            if text.len() > TEXT_BYTES {
                *text = crate::wire::bounded_line(text, TEXT_BYTES);
            }
        }
        if self.capacity == 0 {
            self.dropped += 1;
            return;
        }
        while self.records.len() >= self.capacity {
            self.records.pop_front();
            self.dropped += 1;
        }
        self.records.push_back(record);
    }

    pub(crate) fn records(&self) -> Vec<RequestRecord> {
        self.records.iter().cloned().collect()
    }

    pub(crate) fn dropped(&self) -> u64 {
        self.dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: String) -> RequestRecord {
        RequestRecord {
            method: "GET".into(),
            path,
            status: 200,
            errcode: Some(0),
            verdict: "ok".into(),
            request_id: "id".into(),
        }
    }

    #[test]
    fn keeps_the_newest_and_counts_the_dropped() {
        let mut log = RequestLog::new(3);
        for i in 0..8 {
            log.push(record(format!("/{i}")));
        }
        let paths: Vec<String> = log.records().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/5", "/6", "/7"]);
        assert_eq!(log.dropped(), 5);
    }

    #[test]
    fn long_texts_are_cut() {
        let mut log = RequestLog::new(1);
        log.push(record(format!("/{}", "路".repeat(10_000))));
        let path = &log.records()[0].path;
        assert!(path.len() <= TEXT_BYTES + '…'.len_utf8(), "{}", path.len());
        assert!(path.ends_with('…'));
    }
}
