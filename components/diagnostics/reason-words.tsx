/** A sync outcome's explanation and, when there is one, what to do about it (inside an Alert). */
export function ReasonWords({ explanation, fix }: { explanation: string; fix: string }) {
  return (
    <>
      <p>{explanation}</p>
      {fix ? (
        <p className="mt-1.5">
          <span className="font-semibold">What to do:</span> {fix}
        </p>
      ) : null}
    </>
  );
}
