package components

// VisibleToAllHint ends the hint of a free-text field that may name people
// (a speaker, who takes an action, a person to contact): what is typed
// there is read by every member, so a supported person's full name does
// not belong in it.
const VisibleToAllHint = "Ce texte est visible par tous les membres du comité : pour une personne accompagnée, n'indiquez que son prénom ou son rôle."
