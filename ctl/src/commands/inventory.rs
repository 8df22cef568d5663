//! `rpyctl inventory --list | --graph | --host H`

use anyhow::{bail, Result};

use crate::cli::Global;
use crate::exit::Exit;
use crate::hosts;

pub fn run(global: &Global, list: bool, graph: bool, host: Option<&str>) -> Result<Exit> {
    let inventory = hosts::load(global)?;
    if graph {
        print!("{}", inventory.graph()?);
    } else if let Some(host) = host {
        println!("{}", serde_json::to_string_pretty(&inventory.host_vars_json(host)?)?);
    } else if list {
        println!("{}", serde_json::to_string_pretty(&inventory.list_json())?);
    } else {
        bail!("inventory: give one of --list, --graph or --host HOST");
    }
    Ok(Exit::Ok)
}
