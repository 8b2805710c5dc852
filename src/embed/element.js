// The <teams-collaborate> custom element. wasm-bindgen cannot extend HTMLElement from Rust, so
// this small class maps attributes and properties onto `mount` and its handle.

const TAG = 'teams-collaborate';
const STATE_EVENT = 'teams-collaborate-state';

// Option fields that come from attributes, and the attribute each one is read from.
const ATTRIBUTE_OF_FIELD = {
  'record.entityName': 'entity-name',
  'record.id': 'record-id',
  'record.name': 'record-name',
  'record.entitySetName': 'entity-set-name',
  dataverseUrl: 'dataverse-url',
  graphUrl: 'graph-url',
  mode: 'mode',
  locale: 'locale',
  theme: 'theme',
};

export function defineTeamsCollaborate(mount) {
  if (customElements.get(TAG)) {
    return;
  }

  class TeamsCollaborateElement extends HTMLElement {
    static get observedAttributes() {
      return Object.values(ATTRIBUTE_OF_FIELD);
    }

    #handle = null;
    #getToken = undefined;
    #options = {};
    #queued = false;

    connectedCallback() {
      // A page may set these before the element upgraded; they then shadow the accessors.
      this.#upgradeProperty('getToken');
      this.#upgradeProperty('options');
      this.#schedule();
    }

    disconnectedCallback() {
      this.#unmount();
    }

    attributeChangedCallback() {
      this.#schedule();
    }

    get getToken() {
      return this.#getToken;
    }

    set getToken(value) {
      this.#getToken = value;
      this.#schedule();
    }

    get options() {
      return this.#options;
    }

    set options(value) {
      this.#options = value ?? {};
      this.#schedule();
    }

    #upgradeProperty(name) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }

    // Several attribute changes in one task render once.
    #schedule() {
      if (this.#queued) {
        return;
      }
      this.#queued = true;
      queueMicrotask(() => {
        this.#queued = false;
        this.#render();
      });
    }

    #render() {
      if (!this.isConnected) {
        return;
      }
      // Without getToken there is nothing to ask for tokens yet: wait for the property.
      if (this.#getToken === undefined && this.#options.getToken === undefined) {
        return;
      }
      const options = this.#collectOptions();
      try {
        if (this.#handle) {
          this.#handle.update(options);
        } else {
          this.#handle = mount(this, options);
        }
      } catch (error) {
        this.#unmount();
        const field = error && error.field;
        const attribute = ATTRIBUTE_OF_FIELD[field];
        const what = attribute ? `attribute "${attribute}"` : `property "${field}"`;
        console.error(`<${TAG}>: invalid ${what}: ${error && error.message}`);
        this.dispatchEvent(
          new CustomEvent(STATE_EVENT, {
            bubbles: true,
            composed: true,
            detail: { visible: false, reason: 'invalid-options' },
          }),
        );
      }
    }

    #collectOptions() {
      const base = this.#options;
      const options = { ...base, record: { ...(base.record ?? {}) } };
      for (const [field, attribute] of Object.entries(ATTRIBUTE_OF_FIELD)) {
        if (!this.hasAttribute(attribute)) {
          continue;
        }
        const value = this.getAttribute(attribute);
        if (field.startsWith('record.')) {
          options.record[field.slice('record.'.length)] = value;
        } else {
          options[field] = value;
        }
      }
      if (this.#getToken !== undefined) {
        options.getToken = this.#getToken;
      }
      return options;
    }

    #unmount() {
      if (this.#handle) {
        // free() unmounts and releases the handle's memory in the wasm module.
        this.#handle.free();
        this.#handle = null;
      }
      if (this.shadowRoot) {
        this.shadowRoot.replaceChildren();
      }
    }
  }

  customElements.define(TAG, TeamsCollaborateElement);
}
