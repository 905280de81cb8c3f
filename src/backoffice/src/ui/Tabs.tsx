/** Which part of a page shows: a row of toggle buttons, the shown one pressed. */
export function Tabs<Id extends string>({
  tabs,
  shown,
  onShow,
  testIdPrefix,
}: {
  /** Each tab's id and its words, in order. */
  tabs: Record<Id, string>;
  shown: Id;
  onShow: (id: Id) => void;
  /** A tab's test id is this prefix and its id. */
  testIdPrefix: string;
}) {
  return (
    <div className="tabs" role="group" aria-label="Show">
      {(Object.keys(tabs) as Id[]).map((id) => (
        <button
          key={id}
          type="button"
          aria-pressed={id === shown}
          onClick={() => onShow(id)}
          data-testid={`${testIdPrefix}${id}`}
        >
          {tabs[id]}
        </button>
      ))}
    </div>
  );
}
