//! Writes documentation pages far larger than any real one, to time `jdy-codegen import` on
//! them: its time must grow with the size of a page, not with its square.
//!
//! ```text
//! cargo run --release -p jdy-codegen --example large_pages -- /tmp/large-pages
//! time cargo run --release -p jdy-codegen -- import /tmp/large-pages/rows --out /tmp/large-out
//! ```
//!
//! Each page is in a folder of its own (`rows`, `same_name`, `enumerations`,
//! `repeated_enumeration`, `one_of_two`), since they import as the same endpoint. The rows count
//! is the first argument after the folder (5,000 by default): double it, and the time should
//! about double.

use std::fs;
use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: large_pages <folder> [rows]");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let pages = [
        // A table of `n` rows, each with an enumeration, all sent in the request example.
        (
            "rows",
            (0..n)
                .map(|i| format!("| field\\_{i} | string | false | 字段{i} 状态1：启用0：禁用 |"))
                .collect::<Vec<_>>(),
            example((0..n).map(|i| format!("\"field_{i}\":\"1\""))),
        ),
        // `n` rows of the same name.
        (
            "same_name",
            vec!["| name | string | false | 名称 |".to_string(); n],
            example((0..n).map(|i| format!("\"name\":\"{i}\""))),
        ),
        // One description of about 100 KB spelling out `n` values.
        (
            "enumerations",
            vec![format!(
                "| status | integer | false | 状态 {} |",
                (1..n)
                    .map(|i| format!("{i}：状态{i}"))
                    .collect::<Vec<_>>()
                    .join("，")
            )],
            "{}".to_string(),
        ),
        // The same two values over and over: no list is valid, so every position is tried.
        (
            "repeated_enumeration",
            vec![format!(
                "| status | integer | false | 状态{} |",
                "1：是0：否".repeat(n * 4)
            )],
            "{}".to_string(),
        ),
        // Required fields, and as many descriptions saying 二选一 that name none of them.
        (
            "one_of_two",
            (0..n)
                .map(|i| format!("| field\\_{i} | string | true | 字段{i} |"))
                .chain((0..n).map(|i| format!("| other\\_{i} | string | false | 与编码二选一 |")))
                .collect(),
            "{}".to_string(),
        ),
    ];
    for (name, rows, example) in pages {
        let dir = Path::new(&out).join(name);
        fs::create_dir_all(&dir).expect("the output folder can be created");
        fs::write(dir.join("物品保存.md"), page(&rows, &example)).expect("the page is written");
    }
    eprintln!("wrote 5 pages of {n} rows under {out}");
}

fn example(pairs: impl Iterator<Item = String>) -> String {
    format!("{{{}}}", pairs.collect::<Vec<_>>().join(", "))
}

/// A save page of module `bd` with the body table `rows` and the request example `example`.
fn page(rows: &[String], example: &str) -> String {
    format!(
        "---\ntitle: \"物品保存\"\nmodule: [\"基础资料\", \"物品\"]\n---\n\n# 物品保存\n\n### 基本信息\n\n\
-   用途说明：保存物品\n-   请求方式：POST\n-   请求地址：https://api.kingdee.com/jdy/v2/bd/thing\\_save\n\n\
### 请求参数\n\n#### body参数\n\n| 参数名称 | 参数类型 | 是否必填 | 参数说明 |\n| --- | --- | --- | --- |\n{}\n\n\
#### 请求示例\n\n```bash\ncurl --location --request post 'https://api.kingdee.com/jdy/v2/bd/thing_save' \\\n--data-row '{example}'\n```\n\n\
### 响应参数\n\n| 参数名称 | 参数类型 | 参数说明 |\n| --- | --- | --- |\n| errcode | integer | 返回码 |\n\
| description | string | 返回信息 |\n| data | Data | 业务返回具体对象 |\n\n**Data**\n\n\
| 参数名称 | 参数类型 | 参数说明 |\n| --- | --- | --- |\n| id | string | ID |\n",
        rows.join("\n")
    )
}
