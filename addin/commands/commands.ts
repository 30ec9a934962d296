/** The manifest's FunctionFile: the ribbon button only opens the task pane, so this page just tells Office it is ready. */
Office.onReady(() => undefined);
