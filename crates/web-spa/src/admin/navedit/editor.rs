//! The navigation editor's state and what its buttons do: load the tree,
//! move, save and delete items. The parts (rows, form, delete dialog) hold
//! a copy of [`Editor`] and call its methods.

use super::item_form::ItemForm;
use super::tree::{Row, flatten};
use crate::admin::api::{Fail, Session};
use crate::admin::endpoints;
use crate::admin::endpoints::nav::Children;
use crate::admin::ui::{Note, confirm, tr};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::{
    Category, NavItem, NavItemInput, NavItemPatch, NavMove, PageSummary,
};

/// Signals only, so it is `Copy` into every event handler.
#[derive(Clone, Copy)]
pub(super) struct Editor {
    pub s: Session,
    pub tree: RwSignal<Vec<NavItem>>,
    /// The tree flattened for display, with what the move buttons need.
    pub rows: Memo<Vec<Row>>,
    pub loaded: RwSignal<bool>,
    pub note: RwSignal<Note>,
    /// The last failed save, for the form's field messages.
    pub fail: RwSignal<Option<Fail>>,
    pub form: ItemForm,
    pub form_open: RwSignal<bool>,
    /// An item with sub-items waiting for the "what about them?" answer.
    pub deleting: RwSignal<Option<NavItem>>,
    /// The row being dragged (not drawn, so not a signal).
    pub dragging: StoredValue<Option<i64>>,
    /// The row a drag is over, highlighted as the drop target.
    pub drop_over: RwSignal<Option<i64>>,
    /// Choices for page and news-category targets.
    pub pages: RwSignal<Vec<PageSummary>>,
    pub categories: RwSignal<Vec<Category>>,
}

impl Editor {
    pub fn new(s: Session) -> Self {
        let tree = RwSignal::new(Vec::<NavItem>::new());
        Editor {
            s,
            tree,
            rows: Memo::new(move |_| flatten(&tree.get())),
            loaded: RwSignal::new(false),
            note: RwSignal::new(Note::None),
            fail: RwSignal::new(None::<Fail>),
            form: ItemForm::new(),
            form_open: RwSignal::new(false),
            deleting: RwSignal::new(None::<NavItem>),
            dragging: StoredValue::new(None::<i64>),
            drop_over: RwSignal::new(None::<i64>),
            pages: RwSignal::new(Vec::<PageSummary>::new()),
            categories: RwSignal::new(Vec::<Category>::new()),
        }
    }

    pub fn reload(self) {
        let Editor {
            s,
            tree,
            loaded,
            note,
            ..
        } = self;
        spawn_local(async move {
            match endpoints::nav::tree(&s).await {
                Ok(t) => {
                    tree.set(t);
                    loaded.set(true);
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    }

    /// The pages and news categories an item may point to.
    pub fn load_choices(self) {
        let Editor {
            s,
            pages,
            categories,
            ..
        } = self;
        spawn_local(async move {
            if let Ok(p) = endpoints::pages::list_managed(&s).await {
                pages.set(p.items);
            }
            if let Ok(c) = endpoints::news_categories::list(&s).await {
                categories.set(c);
            }
        });
    }

    /// Moves an item and keeps keyboard focus on the same control.
    pub fn move_to(self, id: i64, parent: Option<i64>, position: usize, focus: String) {
        let Editor { s, tree, note, .. } = self;
        note.set(Note::Busy(tr("移動中…", "Moving…").into()));
        spawn_local(async move {
            let body = NavMove {
                parent_id: parent,
                position: position as u32,
            };
            match endpoints::nav::move_item(&s, id, &body).await {
                Ok(t) => {
                    tree.set(t);
                    note.set(Note::Ok(tr("已移動。", "Moved.").into()));
                    focus_dyn(focus);
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    }

    pub fn open_add(self, parent: Option<i64>) {
        self.form.reset(parent);
        self.fail.set(None);
        self.form_open.set(true);
        crate::admin::ui::focus_later("nav-name");
    }

    pub fn open_edit(self, it: NavItem) {
        self.form.load(&it);
        self.fail.set(None);
        self.form_open.set(true);
        crate::admin::ui::focus_later("nav-name");
    }

    pub fn submit(self, ev: leptos::ev::SubmitEvent) {
        let Editor {
            s,
            note,
            fail,
            form,
            form_open,
            ..
        } = self;
        ev.prevent_default();
        note.set(Note::Busy(tr("儲存中…", "Saving…").into()));
        let accessible = form.accessible.get_untracked().trim().to_string();
        spawn_local(async move {
            let r = match form.editing.get_untracked() {
                None => {
                    let body = NavItemInput {
                        name: form.name.get_untracked().trim().to_string(),
                        accessible_name: (!accessible.is_empty()).then_some(accessible),
                        target: form.target(),
                        parent_id: form.parent.get_untracked().parse().ok(),
                        order: None,
                        visible: form.visible.get_untracked(),
                    };
                    endpoints::nav::create(&s, &body).await
                }
                Some(id) => {
                    let body = NavItemPatch {
                        name: Some(form.name.get_untracked().trim().to_string()),
                        accessible_name: if accessible.is_empty() {
                            yass_shared_types::Patch::Clear
                        } else {
                            yass_shared_types::Patch::Set(accessible)
                        },
                        target: Some(form.target()),
                        visible: Some(form.visible.get_untracked()),
                    };
                    endpoints::nav::update(&s, id, &body).await
                }
            };
            match r {
                Ok(_) => {
                    fail.set(None);
                    form_open.set(false);
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                    self.reload();
                }
                Err(f) => {
                    note.set(Note::Err(f.message()));
                    fail.set(Some(f));
                }
            }
        });
    }

    /// Deletes an item without sub-items after a confirmation; for one with
    /// sub-items, opens the dialog that asks what happens to them.
    pub fn remove(self, it: NavItem) {
        let Editor {
            s, note, deleting, ..
        } = self;
        if it.children.is_empty() {
            if !confirm(&format!(
                "{}「{}」？",
                tr("確定要刪除選單項目", "Delete the menu item"),
                it.name
            )) {
                return;
            }
            spawn_local(async move {
                match endpoints::nav::delete(&s, it.id).await {
                    Ok(()) => {
                        note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                        self.reload();
                    }
                    Err(f) => note.set(Note::Err(f.message())),
                }
            });
        } else {
            deleting.set(Some(it));
            crate::admin::ui::focus_later("nav-del-title");
        }
    }

    /// The answer of the delete dialog.
    pub fn remove_with(self, children: Children) {
        let Editor {
            s, note, deleting, ..
        } = self;
        let Some(it) = deleting.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match endpoints::nav::delete_with(&s, it.id, children).await {
                Ok(()) => {
                    deleting.set(None);
                    note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                    self.reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    }

    /// The API's message for one field of the last failed save.
    pub fn field_err(self, k: &'static str) -> Signal<Option<String>> {
        let fail = self.fail;
        Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
    }
}

/// Focuses an element by id once the redrawn tree is on the screen.
fn focus_dyn(id: String) {
    request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
        {
            use wasm_bindgen::JsCast;
            if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
    });
}
