//! The importer of documentation pages: one page, imported with the project's corrections.
//!
//! An input's context is the page's file name (the importer names resources and warnings by
//! it); the bytes are the page. A page that is not UTF-8 is read lossily, as text would be.

use std::fs;

use jdy_codegen::import::{self, Overrides, ValueSets};

use super::{files_under, repository, Runner};
use crate::robust::Input;

pub const WORDS: &[&str] = &[
    "---\n",
    "title: ",
    "url: ",
    "# ",
    "## ",
    "### ",
    "**",
    "|",
    "| --- |",
    "|---|---|",
    "```json\n",
    "```\n",
    "基本信息",
    "请求参数",
    "返回参数",
    "请求地址",
    "请求方式",
    "**Type**",
    "是",
    "否",
    "必填",
    "类型",
    "描述",
    "枚举",
    "默认",
    "1:是,0:否",
    "示例",
    "<br>",
    "&nbsp;",
    "list<",
    "object",
    "string",
    "integer",
    "decimal",
    "array",
    "\\|",
];

pub fn seeds() -> Vec<Input> {
    let dir = repository().join("codegen/tests/import");
    files_under(&dir)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
        .filter_map(|f| {
            let name = f.file_name()?.to_string_lossy().into_owned();
            Some(Input::new(name, fs::read(dir.join(&f)).ok()?))
        })
        .collect()
}

/// spec/overrides.yaml with spec/shared.yaml's value sets, or none if they do not read.
fn project_overrides() -> Overrides {
    let spec = repository().join("spec");
    let mut overrides = fs::read_to_string(spec.join("overrides.yaml"))
        .ok()
        .and_then(|text| Overrides::parse("overrides.yaml", &text).ok())
        .unwrap_or_default();
    if let Some(sets) = fs::read_to_string(spec.join("shared.yaml"))
        .ok()
        .and_then(|text| ValueSets::parse(&text).ok())
    {
        overrides.value_sets = sets;
    }
    overrides
}

pub fn runner() -> Runner {
    let overrides = project_overrides();
    Box::new(move |input: &Input| {
        let page = import::Input {
            name: input.context.clone(),
            text: String::from_utf8_lossy(&input.bytes).into_owned(),
        };
        drop(import::import(&[page], &overrides));
    })
}
