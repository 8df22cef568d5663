//! `rpyctl config`: the resolved settings and where each came from.

use anyhow::Result;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use serde_json::json;

use crate::cli::Format;
use crate::exit::Exit;
use crate::printer;
use crate::settings::Settings;

pub fn run(settings: &Settings) -> Result<Exit> {
    let rows = settings.rows();
    match settings.output.value {
        Format::Json | Format::Jsonl => {
            let doc: serde_json::Map<String, serde_json::Value> =
                rows.iter().map(|(k, v, s)| (k.clone(), json!({"value": v, "source": s}))).collect();
            printer::write(&format!("{}\n", serde_json::to_string_pretty(&doc)?));
        }
        Format::Human | Format::Oneline => {
            let mut table = Table::new();
            table.load_style(UTF8_FULL_CONDENSED);
            table.set_header(["setting", "value", "source"]);
            for (k, v, s) in rows {
                table.add_row([k, v, s]);
            }
            printer::write(&format!("{table}\n"));
        }
    }
    Ok(Exit::Ok)
}
