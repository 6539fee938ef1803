//! Column helpers so every table spells ids, times and text the same way on
//! all three databases.

use sea_orm_migration::prelude::*;

/// 64-bit auto-increment primary key (SQLite gets its INTEGER PRIMARY KEY).
pub fn id<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

/// A reference to another row's id.
pub fn fk<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().to_owned()
}

pub fn fk_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).big_integer().null().to_owned()
}

/// A bounded string (`string()` is unbounded on PostgreSQL).
pub fn text_len<T: IntoIden>(name: T, len: u32) -> ColumnDef {
    ColumnDef::new(name).string_len(len).not_null().to_owned()
}

pub fn text_len_null<T: IntoIden>(name: T, len: u32) -> ColumnDef {
    ColumnDef::new(name).string_len(len).null().to_owned()
}

/// Long text (bodies, JSON lists).
pub fn long_text<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).text().not_null().to_owned()
}

pub fn long_text_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).text().null().to_owned()
}

/// UTC time without a zone: the same type on all three databases.
pub fn time<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).date_time().not_null().to_owned()
}

pub fn time_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).date_time().null().to_owned()
}

pub fn flag<T: IntoIden>(name: T, default: bool) -> ColumnDef {
    ColumnDef::new(name)
        .boolean()
        .not_null()
        .default(default)
        .to_owned()
}

pub fn int<T: IntoIden>(name: T, default: i32) -> ColumnDef {
    ColumnDef::new(name)
        .integer()
        .not_null()
        .default(default)
        .to_owned()
}

pub fn big<T: IntoIden>(name: T, default: i64) -> ColumnDef {
    ColumnDef::new(name)
        .big_integer()
        .not_null()
        .default(default)
        .to_owned()
}

/// An index named after its table and columns.
pub fn index(
    name: &str,
    table: impl IntoTableRef,
    cols: Vec<DynIden>,
    unique: bool,
) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(c);
    }
    if unique {
        idx.unique();
    }
    idx.clone()
}
