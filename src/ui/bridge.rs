//! The page's end of the worker channel: spawns the worker, queues commands until it is ready,
//! and hands every event to one callback.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use leptos::prelude::{LocalStorage, SetValue, StoredValue, WithValue};

use nda_protocol::wire;
use nda_protocol::{Command, Event};

/// The loader trunk writes for the `worker` binary (`data-loader-shim` in `index.html`).
const WORKER_SCRIPT: &str = "./worker_loader.js";

/// A running compute worker.
pub struct WorkerBridge {
    worker: Worker,
    ready: Rc<Cell<bool>>,
    pending: Rc<RefCell<Vec<Command>>>,
}

impl WorkerBridge {
    /// Starts the worker. `on_event` receives every event; `on_crash` a message when the worker
    /// script fails to load or throws.
    pub fn spawn(
        on_event: impl Fn(Event) + 'static,
        on_crash: impl Fn(String) + 'static,
    ) -> Result<Rc<Self>, String> {
        let worker = Worker::new(WORKER_SCRIPT)
            .map_err(|error| format!("the browser refused to start the worker: {error:?}"))?;
        let bridge = Rc::new(Self {
            worker,
            ready: Rc::new(Cell::new(false)),
            pending: Rc::new(RefCell::new(Vec::new())),
        });
        bridge.listen(on_event, on_crash);
        Ok(bridge)
    }

    /// Sends a command now, or as soon as the worker is ready.
    pub fn send(&self, command: Command) {
        if self.ready.get() {
            self.post(&command);
        } else {
            self.pending.borrow_mut().push(command);
        }
    }

    fn post(&self, command: &Command) {
        match wire::encode(command) {
            Ok(payload) => {
                // Commands are plain data; posting them cannot fail while the worker exists.
                let _ = self.worker.post_message(&payload);
            }
            Err(message) => web_sys::console::error_1(&message.into()),
        }
    }

    fn listen(
        self: &Rc<Self>,
        on_event: impl Fn(Event) + 'static,
        on_crash: impl Fn(String) + 'static,
    ) {
        let on_crash = Rc::new(on_crash);
        let weak = Rc::downgrade(self);
        let crash_on_bad_message = on_crash.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            let event = match wire::decode::<Event>(message.data()) {
                Ok(event) => event,
                Err(error) => return crash_on_bad_message(error),
            };
            if event == Event::Ready
                && let Some(bridge) = weak.upgrade()
            {
                bridge.flush();
            }
            on_event(event);
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |error: ErrorEvent| {
            on_crash(format!(
                "{} (the page keeps your data; reload to restart it)",
                error.message()
            ));
        });
        self.worker
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        self.worker
            .set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // Both handlers live as long as the page.
        on_message.forget();
        on_error.forget();
    }

    fn flush(&self) {
        self.ready.set(true);
        for command in self.pending.borrow_mut().drain(..) {
            self.post(&command);
        }
    }
}

/// Sends commands to the worker; cheap to copy into every event handler.
#[derive(Clone, Copy)]
pub struct Commands {
    bridge: StoredValue<Option<Rc<WorkerBridge>>, LocalStorage>,
}

impl Default for Commands {
    /// A handle with no worker yet: commands are dropped until [`Commands::connect`].
    fn default() -> Self {
        Self {
            bridge: StoredValue::new_local(None),
        }
    }
}

impl Commands {
    /// Sends to `bridge` from now on.
    pub fn connect(&self, bridge: Rc<WorkerBridge>) {
        self.bridge.set_value(Some(bridge));
    }

    /// Sends each command in order.
    pub fn send(&self, commands: Vec<Command>) {
        self.bridge.with_value(|bridge| {
            if let Some(bridge) = bridge {
                for command in commands {
                    bridge.send(command);
                }
            }
        });
    }
}
