//! Where the page keeps each view-model: a [`Cell`] is read and updated through closures, so the
//! page's decisions ([`Page`](super::Page)) are written once and run on Leptos signals in the
//! browser and on plain `RefCell`s in native tests.
//!
//! The browser keeps one signal per view-model so that, say, a gallery update never redraws the
//! header or resets a number field being typed in; the cells keep that granularity.

/// One view-model's home. Copy, like a Leptos signal, so the page can be captured by every
/// event handler.
pub trait Cell<T>: Copy {
    /// Reads the value; in the browser the calling view re-renders when it changes.
    fn read<R>(self, read: impl FnOnce(&T) -> R) -> R;
    /// Reads the value without subscribing to it (for decisions, not for views).
    fn peek<R>(self, read: impl FnOnce(&T) -> R) -> R;
    /// Changes the value (views of it re-render) and returns what `change` returns; the default
    /// of `R` when the page is gone (a disposed signal runs nothing).
    fn change<R: Default>(self, change: impl FnOnce(&mut T) -> R) -> R;
}

/// A family of cells: the browser's signals or the tests' plain cells.
pub trait Store: Copy + 'static {
    /// The cell holding a `T`.
    type Cell<T: Send + Sync + 'static>: Cell<T>;
}

/// Plain cells for native tests: leaked so they are `Copy` like signals (a test makes a few).
#[cfg(test)]
#[derive(Debug, Clone, Copy)]
pub struct Plain;

#[cfg(test)]
impl Store for Plain {
    type Cell<T: Send + Sync + 'static> = &'static std::cell::RefCell<T>;
}

#[cfg(test)]
impl<T> Cell<T> for &'static std::cell::RefCell<T> {
    fn read<R>(self, read: impl FnOnce(&T) -> R) -> R {
        read(&self.borrow())
    }
    fn peek<R>(self, read: impl FnOnce(&T) -> R) -> R {
        read(&self.borrow())
    }
    fn change<R: Default>(self, change: impl FnOnce(&mut T) -> R) -> R {
        change(&mut self.borrow_mut())
    }
}

/// Leptos signals: the page in the browser.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Clone, Copy)]
pub struct Signals;

#[cfg(target_arch = "wasm32")]
impl Store for Signals {
    type Cell<T: Send + Sync + 'static> = leptos::prelude::RwSignal<T>;
}

#[cfg(target_arch = "wasm32")]
impl<T: Send + Sync + 'static> Cell<T> for leptos::prelude::RwSignal<T> {
    fn read<R>(self, read: impl FnOnce(&T) -> R) -> R {
        leptos::prelude::With::with(&self, read)
    }
    fn peek<R>(self, read: impl FnOnce(&T) -> R) -> R {
        leptos::prelude::WithUntracked::with_untracked(&self, read)
    }
    fn change<R: Default>(self, change: impl FnOnce(&mut T) -> R) -> R {
        leptos::prelude::Update::try_update(&self, change).unwrap_or_default()
    }
}
