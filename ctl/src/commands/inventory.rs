//! `rpyctl inventory --list | --graph | --host H`

use anyhow::{bail, Result};

use crate::exit::Exit;
use crate::hosts;
use crate::printer;
use crate::settings::Settings;

pub fn run(settings: &Settings, list: bool, graph: bool, host: Option<&str>) -> Result<Exit> {
    let inventory = hosts::load(settings)?;
    if graph {
        printer::write(&inventory.graph()?);
    } else if let Some(host) = host {
        printer::write(&format!("{}\n", serde_json::to_string_pretty(&inventory.host_vars_json(host)?)?));
    } else if list {
        printer::write(&format!("{}\n", serde_json::to_string_pretty(&inventory.list_json())?));
    } else {
        bail!("inventory: give one of --list, --graph or --host HOST");
    }
    Ok(Exit::Ok)
}
