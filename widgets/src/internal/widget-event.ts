// The base of every widget event: bubbles out of the shadow root to the host page.
export class WidgetEvent<T> extends CustomEvent<T> {
  constructor(type: string, detail: T) {
    super(type, { bubbles: true, composed: true, detail });
  }
}
