//! The `ansible.posix.json` and `ansible.posix.jsonl` callbacks' output: one document at the
//! end (`plays` → `tasks` → `hosts` results with each result's `action`, then `stats`), or
//! one line per event as it happens (play start, task start, each host's result, stats).

use std::time::{SystemTime, UNIX_EPOCH};

use rpyctl_playbooks::{Event, Outcome, Stats, Status, TaskInfo};
use serde_json::{json, Map, Value as Json};

use crate::play::pyjson::{self, Style};

/// `datetime.datetime.utcnow().isoformat() + "Z"`.
pub fn utc_now() -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = now.as_secs() as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        now.subsec_micros()
    )
}

/// A run-unique id in the shape of Ansible's `_uuid`.
fn uuid(run: u64, n: usize) -> String {
    format!("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", run >> 32, (run >> 16) & 0xffff, run & 0xffff, 0, n)
}

/// `stats.summarize(host)` for every host.
pub fn summary(stats: &Stats) -> Json {
    let mut out = Map::new();
    for (h, s) in &stats.hosts {
        out.insert(
            h.clone(),
            json!({"changed": s.changed, "failures": s.failed, "ignored": s.ignored, "ok": s.ok,
                   "rescued": s.rescued, "skipped": s.skipped, "unreachable": s.unreachable}),
        );
    }
    Json::Object(out)
}

pub struct JsonCallback {
    /// One line per event (jsonl) instead of one document at the end.
    lines: bool,
    run: u64,
    plays: Vec<Json>,
    play_count: usize,
}

impl JsonCallback {
    pub fn new(lines: bool) -> JsonCallback {
        let run = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0)
            ^ u64::from(std::process::id());
        JsonCallback { lines, run, plays: Vec::new(), play_count: 0 }
    }

    fn line(&self, mut v: Json, event: &str) -> String {
        if let Json::Object(m) = &mut v {
            m.insert("_event".into(), Json::from(event));
            m.insert("_timestamp".into(), Json::from(utc_now()));
        }
        let style = Style { indent: None, compact: true, ensure_ascii: true, sort_keys: true };
        format!("{}\n", pyjson::dumps_with(&v, style))
    }

    fn new_task(&self, task: &TaskInfo<'_>) -> Json {
        json!({"task": {"name": task.name, "id": uuid(self.run, task.id + 1_000_000),
                        "duration": {"start": utc_now()}}, "hosts": {}})
    }

    /// The output (if any) for one event.
    pub fn event(&mut self, event: &Event<'_>) -> Option<String> {
        match event {
            Event::PlayStart { name, .. } => {
                self.play_count += 1;
                let play = json!({"play": {"name": name, "id": uuid(self.run, self.play_count),
                                           "duration": {"start": utc_now()}}, "tasks": []});
                self.plays.push(play.clone());
                self.lines.then(|| self.line(play, "v2_playbook_on_play_start"))
            }
            Event::TaskStart { task, is_handler, .. } => {
                let entry = self.new_task(task);
                if let Some(Json::Array(tasks)) = self.plays.last_mut().and_then(|p| p.get_mut("tasks")) {
                    tasks.push(entry.clone());
                }
                let name = if *is_handler { "v2_playbook_on_handler_task_start" } else { "v2_playbook_on_task_start" };
                self.lines.then(|| self.line(entry, name))
            }
            Event::HostResult { task, outcome } => self.result(task, outcome),
            Event::Stats { stats } => {
                let mut doc = json!({"stats": summary(stats), "custom_stats": {}, "global_custom_stats": {}});
                if self.lines {
                    return Some(self.line(doc, "v2_playbook_on_stats"));
                }
                doc["plays"] = Json::Array(std::mem::take(&mut self.plays));
                let style = Style { indent: Some(4), compact: false, ensure_ascii: true, sort_keys: true };
                Some(format!("{}\n", pyjson::dumps_with(&doc, style)))
            }
            _ => None,
        }
    }

    fn result(&mut self, task: &TaskInfo<'_>, o: &Outcome) -> Option<String> {
        let (name, info) = match o.status {
            Status::Ok | Status::Changed => ("v2_runner_on_ok", None),
            Status::Failed => ("v2_runner_on_failed", Some("failed")),
            Status::Skipped => ("v2_runner_on_skipped", Some("skipped")),
            Status::Unreachable => ("v2_runner_on_unreachable", None),
        };
        let mut result = o.result.clone();
        if let Some(flag) = info {
            result.insert(flag.into(), Json::Bool(true));
        }
        result.insert("action".into(), Json::from(task.action));
        let end = utc_now();
        let play = self.plays.last_mut()?;
        play["play"]["duration"]["end"] = Json::from(end.as_str());
        let tasks = play.get_mut("tasks").and_then(Json::as_array_mut)?;
        let id = uuid(self.run, task.id + 1_000_000);
        let entry = match tasks.iter().rposition(|t| t["task"]["id"] == id.as_str()) {
            Some(i) => &mut tasks[i],
            None => {
                tasks.push(json!({"task": {"name": task.name, "id": id, "duration": {"start": end}}, "hosts": {}}));
                tasks.last_mut()?
            }
        };
        entry["task"]["duration"]["end"] = Json::from(end);
        if self.lines {
            let mut copy = entry.clone();
            copy["hosts"] = json!({ o.host.clone(): result });
            return Some(self.line(copy, name));
        }
        entry["hosts"][o.host.as_str()] = Json::Object(result);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_timestamps_look_like_pythons() {
        let t = utc_now();
        assert_eq!(t.len(), "2024-01-01T00:00:00.000000Z".len(), "{t}");
        assert!(t.starts_with("20") && t.ends_with('Z') && &t[10..11] == "T", "{t}");
    }
}
