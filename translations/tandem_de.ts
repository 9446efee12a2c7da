<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ApiReply</name>
    <message>
        <source>%1: the reply is not JSON (%2)</source>
        <translation>%1: die Antwort ist kein JSON (%2)</translation>
    </message>
    <message>
        <source>%1: the reply is not a JSON object</source>
        <translation>%1: die Antwort ist kein JSON-Objekt</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true oder false</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>ein Array</translation>
    </message>
    <message>
        <source>field &apos;%1%2&apos; is not %3</source>
        <translation>Feld &apos;%1%2&apos; ist nicht %3</translation>
    </message>
    <message>
        <source>%1: the reply has no field &apos;%2&apos;</source>
        <translation>%1: der Antwort fehlt das Feld &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>%1: HTTP %2, errorNum %3: %4</source>
        <translation>%1: HTTP %2, errorNum %3: %4</translation>
    </message>
    <message>
        <source>%1: HTTP %2</source>
        <translation>%1: HTTP %2</translation>
    </message>
    <message>
        <source>an entry of &apos;endpoints&apos; has no &apos;endpoint&apos; string</source>
        <translation>ein Eintrag von &apos;endpoints&apos; hat keine Zeichenkette &apos;endpoint&apos;</translation>
    </message>
    <message>
        <source>Health.%1 is not an object</source>
        <translation>Health.%1 ist kein Objekt</translation>
    </message>
    <message>
        <source>a follower entry has no &apos;id&apos;</source>
        <translation>ein Follower-Eintrag hat keine &apos;id&apos;</translation>
    </message>
    <message>
        <source>configuration.pool.%1 is not a string</source>
        <translation>configuration.pool.%1 ist keine Zeichenkette</translation>
    </message>
</context>
<context>
    <name>ClusterProbe</name>
    <message>
        <source>No node named a serving leader (%1). The cluster may be electing one: try again in a few seconds, or check it with tandem-console status.</source>
        <translation>Kein Knoten nannte einen Leader, der Anfragen annimmt (%1). Der Cluster wählt vielleicht gerade einen: Versuchen Sie es in einigen Sekunden erneut oder prüfen Sie ihn mit tandem-console status.</translation>
    </message>
    <message>
        <source>Could not reach any of: %1; is the cluster running? (start one with: tandem-node local-cluster --nodes 3 --dir DIR)</source>
        <translation>Keiner von %1 ist erreichbar; läuft der Cluster? (Einen starten mit: tandem-node local-cluster --nodes 3 --dir VERZEICHNIS)</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Print the cluster&apos;s leader, nodes, health, lag and agents (one poll round).</source>
        <translation>Leader, Knoten, Zustand, Verzögerung und Agents des Clusters ausgeben (eine Abfragerunde).</translation>
    </message>
    <message>
        <source>Write a snapshot of the cluster: JSON (full state), CSV (lag) or PNG (the window).</source>
        <translation>Einen Snapshot des Clusters schreiben: JSON (gesamter Zustand), CSV (Verzögerung) oder PNG (das Fenster).</translation>
    </message>
    <message>
        <source>Make a follower the leader, and wait until it leads and serves writes.</source>
        <translation>Einen Follower zum Leader machen und warten, bis er führt und Schreibzugriffe annimmt.</translation>
    </message>
    <message>
        <source>Take a node out of service (a leader hands over first).</source>
        <translation>Einen Knoten außer Dienst stellen (ein Leader übergibt zuerst).</translation>
    </message>
    <message>
        <source>Remove a drained node from the cluster.</source>
        <translation>Einen außer Dienst gestellten Knoten aus dem Cluster entfernen.</translation>
    </message>
    <message>
        <source>Restart a follower with the upgrade step and wait until it is back in sync.</source>
        <translation>Einen Follower mit dem Upgrade-Schritt neu starten und warten, bis er wieder synchron ist.</translation>
    </message>
    <message>
        <source>Turn supervision maintenance mode on (60 minutes) or off.</source>
        <translation>Den Wartungsmodus der Supervision einschalten (60 Minuten) oder ausschalten.</translation>
    </message>
    <message>
        <source>Upgrade every node in turn: the followers, then a switchover, then the old leader.</source>
        <translation>Alle Knoten nacheinander aktualisieren: die Follower, dann eine Umschaltung, dann den alten Leader.</translation>
    </message>
    <message>
        <source>--server ID|ENDPOINT is required</source>
        <translation>--server ID|ENDPUNKT ist erforderlich</translation>
    </message>
    <message>
        <source>give either --new URL or --launch --data-dir DIR</source>
        <translation>Geben Sie entweder --new URL oder --launch --data-dir VERZEICHNIS an</translation>
    </message>
    <message>
        <source>not an endpoint: %1</source>
        <translation>kein gültiger Endpunkt: %1</translation>
    </message>
    <message>
        <source>--launch needs --data-dir DIR</source>
        <translation>--launch benötigt --data-dir VERZEICHNIS</translation>
    </message>
    <message>
        <source>--port must be 1-65535</source>
        <translation>--port muss zwischen 1 und 65535 liegen</translation>
    </message>
    <message>
        <source>--output FILE is required</source>
        <translation>--output DATEI ist erforderlich</translation>
    </message>
    <message>
        <source>cannot tell the format of &quot;%1&quot;: give --format json, csv or png</source>
        <translation>das Format von &quot;%1&quot; ist nicht erkennbar: Geben Sie --format json, csv oder png an</translation>
    </message>
    <message>
        <source>--to ID|ENDPOINT is required</source>
        <translation>--to ID|ENDPUNKT ist erforderlich</translation>
    </message>
    <message>
        <source>say on or off</source>
        <translation>Geben Sie on oder off an</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>unerwartetes Argument &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--endpoint URL is required (any node of the cluster)</source>
        <translation>--endpoint URL ist erforderlich (ein beliebiger Knoten des Clusters)</translation>
    </message>
    <message>
        <source>--timeout must be a number of seconds above 0</source>
        <translation>--timeout muss eine Anzahl Sekunden größer als 0 sein</translation>
    </message>
    <message>
        <source>--interval must be at least 100 ms</source>
        <translation>--interval muss mindestens 100 ms betragen</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>A node of the cluster (repeatable; any node).</source>
        <translation>Ein Knoten des Clusters (mehrfach angebbar; ein beliebiger Knoten).</translation>
    </message>
    <message>
        <source>How long one request may take, in seconds (default 3).</source>
        <translation>Wie lange eine Anfrage dauern darf, in Sekunden (Standard 3).</translation>
    </message>
    <message>
        <source>Poll interval in milliseconds (default 1000).</source>
        <translation>Abfrageintervall in Millisekunden (Standard 1000).</translation>
    </message>
    <message>
        <source>User for basic authentication (password from TANDEM_PASSWORD).</source>
        <translation>Benutzer für die Basic-Authentifizierung (Passwort aus TANDEM_PASSWORD).</translation>
    </message>
    <message>
        <source>File holding a JWT bearer token.</source>
        <translation>Datei mit einem JWT-Bearer-Token.</translation>
    </message>
    <message>
        <source>Language of the messages (de, fr, en).</source>
        <translation>Sprache der Meldungen (de, fr, en).</translation>
    </message>
    <message>
        <source>Print the snapshot JSON instead of the text.</source>
        <translation>Das Snapshot-JSON statt des Textes ausgeben.</translation>
    </message>
    <message>
        <source>The file to write.</source>
        <translation>Die zu schreibende Datei.</translation>
    </message>
    <message>
        <source>json, csv or png (default: from the file&apos;s suffix).</source>
        <translation>json, csv oder png (Standard: nach der Dateiendung).</translation>
    </message>
    <message>
        <source>The follower to lead: its id or endpoint.</source>
        <translation>Der Follower, der führen soll: seine ID oder sein Endpunkt.</translation>
    </message>
    <message>
        <source>The node: its id or endpoint.</source>
        <translation>Der Knoten: seine ID oder sein Endpunkt.</translation>
    </message>
    <message>
        <source>The node to replace: its id or endpoint.</source>
        <translation>Der zu ersetzende Knoten: seine ID oder sein Endpunkt.</translation>
    </message>
    <message>
        <source>The new node, already started: its endpoint.</source>
        <translation>Der neue, bereits gestartete Knoten: sein Endpunkt.</translation>
    </message>
    <message>
        <source>Start the new node on this machine.</source>
        <translation>Den neuen Knoten auf diesem Rechner starten.</translation>
    </message>
    <message>
        <source>With --launch: the new node&apos;s data directory.</source>
        <translation>Mit --launch: das Datenverzeichnis des neuen Knotens.</translation>
    </message>
    <message>
        <source>With --launch: its port (default: a free one).</source>
        <translation>Mit --launch: sein Port (Standard: ein freier).</translation>
    </message>
    <message>
        <source>Do not shut the old node down after its removal.</source>
        <translation>Den alten Knoten nach dem Entfernen nicht herunterfahren.</translation>
    </message>
    <message>
        <source>Turn maintenance mode on or off.</source>
        <translation>Wartungsmodus ein- oder ausschalten.</translation>
    </message>
    <message>
        <source>tandem-console: unknown command &quot;%1&quot;; the commands are: %2</source>
        <translation>tandem-console: unbekannter Befehl &quot;%1&quot;; die Befehle sind: %2</translation>
    </message>
</context>
<context>
    <name>EventDetector</name>
    <message>
        <source>Connected to the cluster (no leader at the moment)</source>
        <translation>Mit dem Cluster verbunden (derzeit kein Leader)</translation>
    </message>
    <message>
        <source>Connected to the cluster (leader %1)</source>
        <translation>Mit dem Cluster verbunden (Leader %1)</translation>
    </message>
    <message>
        <source>Lost the cluster: %1</source>
        <translation>Verbindung zum Cluster verloren: %1</translation>
    </message>
    <message>
        <source>Maintenance off: the supervision fails over again</source>
        <translation>Wartungsmodus aus: die Supervision führt wieder Failover durch</translation>
    </message>
    <message>
        <source>Maintenance on until %1: no automatic failover</source>
        <translation>Wartungsmodus an bis %1: kein automatisches Failover</translation>
    </message>
    <message>
        <source>No leader: %1 led before</source>
        <translation>Kein Leader: zuvor führte %1</translation>
    </message>
    <message>
        <source>Switchover: %1 now leads (term %2)</source>
        <translation>Umschaltung: %1 ist jetzt Leader (Term %2)</translation>
    </message>
    <message>
        <source>Failover: %1 now leads (term %2)</source>
        <translation>Failover: %1 ist jetzt Leader (Term %2)</translation>
    </message>
    <message>
        <source>; %1 led before</source>
        <translation>; zuvor führte %1</translation>
    </message>
    <message>
        <source>%1 joined the cluster</source>
        <translation>%1 ist dem Cluster beigetreten</translation>
    </message>
    <message>
        <source>%1 was removed</source>
        <translation>%1 wurde entfernt</translation>
    </message>
    <message>
        <source>%1 is draining</source>
        <translation>%1 wird außer Dienst gestellt</translation>
    </message>
    <message>
        <source>%1 unreachable: %2</source>
        <translation>%1 nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>%1 is %2 (was %3)</source>
        <translation>%1 ist %2 (war %3)</translation>
    </message>
    <message>
        <source>%1 started an initial sync</source>
        <translation>%1 hat eine Erstsynchronisation begonnen</translation>
    </message>
    <message>
        <source>%1 started a resync</source>
        <translation>%1 hat eine Neusynchronisation begonnen</translation>
    </message>
    <message>
        <source>%1 rolled back operations the new leader does not have</source>
        <translation>%1 hat Operationen zurückgerollt, die der neue Leader nicht hat</translation>
    </message>
    <message>
        <source>%1 left the cluster</source>
        <translation>%1 hat den Cluster verlassen</translation>
    </message>
</context>
<context>
    <name>Gui</name>
    <message>
        <source>No node answered within %1 ms: check the endpoint and that the cluster runs (last error: %2).</source>
        <translation>Kein Knoten hat innerhalb von %1 ms geantwortet: Prüfen Sie den Endpunkt und ob der Cluster läuft (letzter Fehler: %2).</translation>
    </message>
    <message>
        <source>Could not write %1: check that the folder exists and is writable.</source>
        <translation>%1 konnte nicht geschrieben werden: Prüfen Sie, ob der Ordner existiert und beschreibbar ist.</translation>
    </message>
</context>
<context>
    <name>Headless</name>
    <message>
        <source>Could not reach any of: %1; is the cluster running? (start one with: tandem-node local-cluster --nodes 3 --dir DIR)</source>
        <translation>Keiner von %1 ist erreichbar; läuft der Cluster? (Einen starten mit: tandem-node local-cluster --nodes 3 --dir VERZEICHNIS)</translation>
    </message>
    <message>
        <source>Note: maintenance mode is on until %1 (UTC): supervision will not replace a failed leader. Turn it off with: tandem-console maintenance off --endpoint …
</source>
        <translation>Hinweis: Der Wartungsmodus ist bis %1 (UTC) an: Die Supervision ersetzt keinen ausgefallenen Leader. Ausschalten mit: tandem-console maintenance off --endpoint …
</translation>
    </message>
    <message>
        <source>Could not write %1: %2. Check that the folder exists and is writable.</source>
        <translation>%1 konnte nicht geschrieben werden: %2. Prüfen Sie, ob der Ordner existiert und beschreibbar ist.</translation>
    </message>
    <message>
        <source>Wrote %1 (PNG of the console window).</source>
        <translation>%1 geschrieben (PNG des Konsolenfensters).</translation>
    </message>
    <message>
        <source>Wrote %1 (%2, %3 bytes).</source>
        <translation>%1 geschrieben (%2, %3 Bytes).</translation>
    </message>
    <message>
        <source>Cancelling at the next safe point…</source>
        <translation>Abbruch am nächsten sicheren Punkt…</translation>
    </message>
</context>
<context>
    <name>NodePalette</name>
    <message>
        <source>Good</source>
        <translation>Gut</translation>
    </message>
    <message>
        <source>Bad</source>
        <translation>Schlecht</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ausgefallen</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Nicht erreichbar</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Failover</source>
        <translation>Failover</translation>
    </message>
    <message>
        <source>Switchover</source>
        <translation>Umschaltung</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Resync</source>
        <translation>Neusynchronisation</translation>
    </message>
    <message>
        <source>Membership</source>
        <translation>Mitgliedschaft</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Wartung</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operation</translation>
    </message>
</context>
<context>
    <name>NodeText</name>
    <message>
        <source>good</source>
        <translation>gut</translation>
    </message>
    <message>
        <source>bad</source>
        <translation>schlecht</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>follower</source>
        <translation>Follower</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>, draining</source>
        <translation>, wird außer Dienst gestellt</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Angewendet</translation>
    </message>
    <message>
        <source>term %1, tick %2</source>
        <translation>Term %1, Tick %2</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Verzögerung</translation>
    </message>
    <message>
        <source>%1 ticks, %2 ms</source>
        <translation>%1 Ticks, %2 ms</translation>
    </message>
    <message>
        <source>Heartbeat age</source>
        <translation>Alter des Heartbeats</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Applier</source>
        <translation>Applier</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Nicht erreichbar</translation>
    </message>
</context>
<context>
    <name>TopologyEdgeItem</name>
    <message>
        <source>%1 ms · %2 ticks</source>
        <translation>%1 ms · %2 Ticks</translation>
    </message>
</context>
<context>
    <name>TopologyNodeItem</name>
    <message>
        <source>leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>follower</source>
        <translation>Follower</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>(id unknown)</source>
        <translation>(ID unbekannt)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Draining</source>
        <translation>Wird außer Dienst gestellt</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Angewendet</translation>
    </message>
    <message>
        <source>tick %1, term %2</source>
        <translation>Tick %1, Term %2</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Verzögerung</translation>
    </message>
    <message>
        <source>%1 ms, %2 ticks</source>
        <translation>%1 ms, %2 Ticks</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>Heartbeat</translation>
    </message>
    <message>
        <source>%1 ms ago</source>
        <translation>vor %1 ms</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <source>Applier</source>
        <translation>Applier</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>LEADER</source>
        <translation>LEADER</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>draining</source>
        <translation>außer Dienst</translation>
    </message>
    <message>
        <source>agent leader</source>
        <translation>Agency-Leader</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>&lt;b&gt;Agent&lt;/b&gt; %1&lt;br&gt;%2</source>
        <translation>&lt;b&gt;Agent&lt;/b&gt; %1&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>Agency leader</source>
        <translation>Agency-Leader</translation>
    </message>
    <message>
        <source>Last acknowledged %1 s ago</source>
        <translation>Zuletzt vor %1 s bestätigt</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Tandem admin console: live topology, replication lag and cluster operations.
Headless commands: status, export, switchover, drain, remove, upgrade, maintenance (tandem-console &lt;command&gt; --help).</source>
        <translation>Tandem-Administrationskonsole: Live-Topologie, Replikationsverzögerung und Cluster-Operationen.
Befehle ohne Fenster: status, export, switchover, drain, remove, upgrade, maintenance (tandem-console &lt;Befehl&gt; --help).</translation>
    </message>
    <message>
        <source>A node to connect to (repeatable).</source>
        <translation>Ein Knoten, mit dem verbunden wird (mehrfach angebbar).</translation>
    </message>
    <message>
        <source>Poll interval in milliseconds.</source>
        <translation>Abfrageintervall in Millisekunden.</translation>
    </message>
    <message>
        <source>Language (de, fr, en).</source>
        <translation>Sprache (de, fr, en).</translation>
    </message>
    <message>
        <source>User name for basic authentication (password from TANDEM_PASSWORD).</source>
        <translation>Benutzername für die Basic-Authentifizierung (Passwort aus TANDEM_PASSWORD).</translation>
    </message>
    <message>
        <source>File holding a JWT bearer token.</source>
        <translation>Datei mit einem JWT-Bearer-Token.</translation>
    </message>
    <message>
        <source>tandem-console: not an endpoint: %1</source>
        <translation>tandem-console: kein gültiger Endpunkt: %1</translation>
    </message>
    <message>
        <source>tandem-console: --interval must be at least 100 ms</source>
        <translation>tandem-console: --interval muss mindestens 100 ms betragen</translation>
    </message>
    <message>
        <source>tandem-console: cannot read %1: %2</source>
        <translation>tandem-console: %1 kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>tandem::console::ApiClient</name>
    <message>
        <source>no answer within %1 ms</source>
        <translation>keine Antwort innerhalb von %1 ms</translation>
    </message>
    <message>
        <source>no HTTP answer</source>
        <translation>keine HTTP-Antwort</translation>
    </message>
</context>
<context>
    <name>tandem::console::ClusterHeader</name>
    <message>
        <source>Writes at risk</source>
        <translation>Gefährdete Schreibvorgänge</translation>
    </message>
    <message>
        <source>Acknowledged operations no follower has yet</source>
        <translation>Bestätigte Operationen, die noch kein Follower hat</translation>
    </message>
    <message>
        <source>● Not connected</source>
        <translation>● Nicht verbunden</translation>
    </message>
    <message>
        <source>● Connecting to %1…</source>
        <translation>● Verbinde mit %1…</translation>
    </message>
    <message>
        <source>● Connected</source>
        <translation>● Verbunden</translation>
    </message>
    <message>
        <source>Last poll round %1 at %2</source>
        <translation>Letzte Abfragerunde %1 um %2</translation>
    </message>
    <message>
        <source>● Disconnected</source>
        <translation>● Getrennt</translation>
    </message>
    <message>
        <source>Leader %1 (term %2)</source>
        <translation>Leader %1 (Term %2)</translation>
    </message>
    <message>
        <source>No leader</source>
        <translation>Kein Leader</translation>
    </message>
    <message>
        <source>%1 of %2 nodes good · %3 agents</source>
        <translation>%1 von %2 Knoten gesund · %3 Agents</translation>
    </message>
    <message>
        <source>⚠ Maintenance mode until %1: automatic failover is off. Turn it off with Cluster → Maintenance mode.</source>
        <translation>⚠ Wartungsmodus bis %1: Automatisches Failover ist aus. Ausschalten über Cluster → Wartungsmodus.</translation>
    </message>
</context>
<context>
    <name>tandem::console::ClusterOperation</name>
    <message>
        <source>the cluster is busy (%1); trying again</source>
        <translation>der Cluster ist beschäftigt (%1); neuer Versuch</translation>
    </message>
    <message>
        <source>%1 Last seen: %2</source>
        <translation>%1 Zuletzt gesehen: %2</translation>
    </message>
    <message>
        <source>the leader is still %1</source>
        <translation>der Leader ist noch %1</translation>
    </message>
    <message>
        <source>%1 leads and serves</source>
        <translation>%1 führt und nimmt Anfragen an</translation>
    </message>
    <message>
        <source>%1 leads but does not serve yet (%2)</source>
        <translation>%1 führt, nimmt aber noch keine Anfragen an (%2)</translation>
    </message>
    <message>
        <source>%1 is not registered yet</source>
        <translation>%1 ist noch nicht registriert</translation>
    </message>
    <message>
        <source>%1 was removed from the cluster meanwhile; it cannot catch up. Check the cluster with tandem-console status.</source>
        <translation>%1 wurde inzwischen aus dem Cluster entfernt; er kann nicht aufholen. Prüfen Sie den Cluster mit tandem-console status.</translation>
    </message>
    <message>
        <source>%1 leads</source>
        <translation>%1 führt</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1 ist %2</translation>
    </message>
    <message>
        <source>%1 is in sync</source>
        <translation>%1 ist synchron</translation>
    </message>
    <message>
        <source>%1 is %2 ticks behind (%3 s)</source>
        <translation>%1 liegt %2 Ticks zurück (%3 s)</translation>
    </message>
</context>
<context>
    <name>tandem::console::ClusterPoller</name>
    <message>
        <source>no answer before the poll round ended (%1 ms)</source>
        <translation>keine Antwort vor dem Ende der Abfragerunde (%1 ms)</translation>
    </message>
    <message>
        <source>not polled this round</source>
        <translation>in dieser Runde nicht abgefragt</translation>
    </message>
    <message>
        <source>No node of the cluster answered (%1). Check that the nodes run and that the endpoints are right.</source>
        <translation>Kein Knoten des Clusters hat geantwortet (%1). Prüfen Sie, ob die Knoten laufen und die Endpunkte stimmen.</translation>
    </message>
    <message>
        <source>no endpoint given</source>
        <translation>kein Endpunkt angegeben</translation>
    </message>
</context>
<context>
    <name>tandem::console::ConnectDialog</name>
    <message>
        <source>Connect to a Tandem cluster</source>
        <translation>Mit einem Tandem-Cluster verbinden</translation>
    </message>
    <message>
        <source>http://host:port (any node of the cluster)</source>
        <translation>http://host:port (ein beliebiger Knoten des Clusters)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>User and password (basic)</source>
        <translation>Benutzer und Passwort (Basic)</translation>
    </message>
    <message>
        <source>JWT bearer token</source>
        <translation>JWT-Bearer-Token</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>Endpunkt:</translation>
    </message>
    <message>
        <source>Credentials:</source>
        <translation>Anmeldedaten:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>JWT token:</source>
        <translation>JWT-Token:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Enter the endpoint of any node, e.g. http://127.0.0.1:8530.</source>
        <translation>Geben Sie den Endpunkt eines beliebigen Knotens ein, z. B. http://127.0.0.1:8530.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an endpoint; write http://host:port.</source>
        <translation>&quot;%1&quot; ist kein Endpunkt; schreiben Sie http://host:port.</translation>
    </message>
</context>
<context>
    <name>tandem::console::CredentialsDialog</name>
    <message>
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>JWT token:</source>
        <translation>JWT-Token:</translation>
    </message>
    <message>
        <source>Credentials required</source>
        <translation>Anmeldedaten erforderlich</translation>
    </message>
    <message>
        <source>User and password (basic)</source>
        <translation>Benutzer und Passwort (Basic)</translation>
    </message>
    <message>
        <source>JWT bearer token</source>
        <translation>JWT-Bearer-Token</translation>
    </message>
    <message>
        <source>%1 asks for credentials (HTTP 401). Enter them to continue polling; they are kept for this session only.</source>
        <translation>%1 verlangt Anmeldedaten (HTTP 401). Geben Sie sie ein, um die Abfrage fortzusetzen; sie gelten nur für diese Sitzung.</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Verfahren:</translation>
    </message>
</context>
<context>
    <name>tandem::console::DrainOperation</name>
    <message>
        <source>Drain %1</source>
        <translation>%1 außer Dienst stellen</translation>
    </message>
    <message>
        <source>%1 stops serving: it leaves the list of endpoints clients use and can no longer become the leader. If it leads, it first hands over to its most advanced follower. It keeps running until you remove it.</source>
        <translation>%1 nimmt keine Anfragen mehr an: Er verschwindet aus der Endpunktliste der Clients und kann nicht mehr Leader werden. Ist er Leader, übergibt er zuerst an seinen am weitesten fortgeschrittenen Follower. Er läuft weiter, bis Sie ihn entfernen.</translation>
    </message>
    <message>
        <source>Find the leader and %1</source>
        <translation>Den Leader und %1 finden</translation>
    </message>
    <message>
        <source>Ask the cluster to drain %1</source>
        <translation>Den Cluster bitten, %1 außer Dienst zu stellen</translation>
    </message>
    <message>
        <source>Wait until %1 is draining and does not lead</source>
        <translation>Warten, bis %1 außer Dienst gestellt wird und nicht führt</translation>
    </message>
    <message>
        <source>There is no server %1 in the cluster (or it was removed already). Check the name with tandem-console status.</source>
        <translation>Im Cluster gibt es keinen Server %1 (oder er wurde schon entfernt). Prüfen Sie den Namen mit tandem-console status.</translation>
    </message>
    <message>
        <source>%1 is draining already: nothing to do.</source>
        <translation>%1 wird bereits außer Dienst gestellt: nichts zu tun.</translation>
    </message>
    <message>
        <source>%1 leads: it hands over to a follower first</source>
        <translation>%1 führt: er übergibt zuerst an einen Follower</translation>
    </message>
    <message>
        <source>Draining %1 was refused: %2. Check the cluster with tandem-console status and try again.</source>
        <translation>Das Außerdienststellen von %1 wurde abgelehnt: %2. Prüfen Sie den Cluster mit tandem-console status und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1 is gone</source>
        <translation>%1 ist weg</translation>
    </message>
    <message>
        <source>%1 is not draining yet</source>
        <translation>%1 wird noch nicht außer Dienst gestellt</translation>
    </message>
    <message>
        <source>%1 still leads</source>
        <translation>%1 führt noch</translation>
    </message>
    <message>
        <source>%1 is draining</source>
        <translation>%1 wird außer Dienst gestellt</translation>
    </message>
    <message>
        <source>%1 was not shown as draining within %2 s. Check the cluster with tandem-console status.</source>
        <translation>%1 wurde nicht innerhalb von %2 s als außer Dienst angezeigt. Prüfen Sie den Cluster mit tandem-console status.</translation>
    </message>
    <message>
        <source>%1 is drained: it no longer serves clients. Remove it next (tandem-console remove --server %2).</source>
        <translation>%1 ist außer Dienst: Er bedient keine Clients mehr. Entfernen Sie ihn als Nächstes (tandem-console remove --server %2).</translation>
    </message>
    <message>
        <source>the outcome of the drain is unknown (%1); checking the cluster</source>
        <translation>das Ergebnis des Außerdienststellens ist unbekannt (%1); prüfe den Cluster</translation>
    </message>
</context>
<context>
    <name>tandem::console::EventLog</name>
    <message>
        <source>connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>failover</source>
        <translation>Failover</translation>
    </message>
    <message>
        <source>switchover</source>
        <translation>Umschaltung</translation>
    </message>
    <message>
        <source>health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>resync</source>
        <translation>Neusynchronisation</translation>
    </message>
    <message>
        <source>membership</source>
        <translation>Mitgliedschaft</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>Wartung</translation>
    </message>
    <message>
        <source>operation</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>tandem::console::LagChartPanel</name>
    <message>
        <source>Ticks</source>
        <translation>Ticks</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Freeze the chart to scroll back over this session&apos;s history</source>
        <translation>Das Diagramm anhalten, um im Verlauf dieser Sitzung zurückzublättern</translation>
    </message>
    <message>
        <source>Show the lag in ticks (oplog entries) instead of milliseconds</source>
        <translation>Die Verzögerung in Ticks (Oplog-Einträgen) statt in Millisekunden zeigen</translation>
    </message>
    <message>
        <source>Pause the chart to scroll back in time</source>
        <translation>Das Diagramm anhalten, um zeitlich zurückzublättern</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
</context>
<context>
    <name>tandem::console::LagChartView</name>
    <message>
        <source>Replication lag per follower</source>
        <translation>Replikationsverzögerung je Follower</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Lag (ticks)</source>
        <translation>Verzug (Ticks)</translation>
    </message>
    <message>
        <source>Lag (ms)</source>
        <translation>Verzug (ms)</translation>
    </message>
</context>
<context>
    <name>tandem::console::LaunchClusterDialog</name>
    <message>
        <source>Launch</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Launch a local cluster</source>
        <translation>Lokalen Cluster starten</translation>
    </message>
    <message>
        <source> nodes</source>
        <translation> Knoten</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Base port:</source>
        <translation>Basisport:</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>Ausgabe:</translation>
    </message>
    <message>
        <source>Folder for the local cluster</source>
        <translation>Ordner für den lokalen Cluster</translation>
    </message>
    <message>
        <source>Cannot create the folder &quot;%1&quot;: choose a writable folder.</source>
        <translation>Der Ordner &quot;%1&quot; kann nicht angelegt werden: Wählen Sie einen beschreibbaren Ordner.</translation>
    </message>
    <message>
        <source>A local cluster is already running: stop it first (File → Stop local cluster).</source>
        <translation>Es läuft bereits ein lokaler Cluster: Halten Sie ihn zuerst an (Datei → Lokalen Cluster anhalten).</translation>
    </message>
    <message>
        <source>Starting %1 nodes…</source>
        <translation>Starte %1 Knoten…</translation>
    </message>
    <message>
        <source>Ready: %1. Connected.</source>
        <translation>Bereit: %1. Verbunden.</translation>
    </message>
</context>
<context>
    <name>tandem::console::LocalCluster</name>
    <message>
        <source>The local cluster did not get ready within %1 s; it is being stopped. Its output:
%2</source>
        <translation>Der lokale Cluster war nicht innerhalb von %1 s bereit; er wird angehalten. Seine Ausgabe:
%2</translation>
    </message>
    <message>
        <source>Could not run %1: %2. Set the tandem-node binary (TANDEM_NODE_BINARY) and try again.</source>
        <translation>%1 konnte nicht ausgeführt werden: %2. Legen Sie das tandem-node-Programm fest (TANDEM_NODE_BINARY) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>tandem-node local-cluster exited (code %1) before the cluster was ready. Its output:
%2</source>
        <translation>tandem-node local-cluster wurde beendet (Code %1), bevor der Cluster bereit war. Seine Ausgabe:
%2</translation>
    </message>
    <message>
        <source>tandem-node was not found: set TANDEM_NODE_BINARY, or put it on PATH or next to tandem-console.</source>
        <translation>tandem-node wurde nicht gefunden: Setzen Sie TANDEM_NODE_BINARY oder legen Sie es in den PATH oder neben tandem-console.</translation>
    </message>
</context>
<context>
    <name>tandem::console::MainWindow</name>
    <message>
        <source>Tandem Console</source>
        <translation>Tandem-Konsole</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Ereignisprotokoll</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Cluster</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Poll &amp;interval</source>
        <translation>Abfrage&amp;intervall</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Stopping the local cluster…</source>
        <translation>Halte den lokalen Cluster an…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Round %1 · %2 · every %3 ms</source>
        <translation>Runde %1 · %2 · alle %3 ms</translation>
    </message>
    <message>
        <source>Tandem Console — not connected</source>
        <translation>Tandem-Konsole — nicht verbunden</translation>
    </message>
    <message>
        <source>Tandem Console — leader %1</source>
        <translation>Tandem-Konsole — Leader %1</translation>
    </message>
    <message>
        <source>Tandem Console — no leader</source>
        <translation>Tandem-Konsole — kein Leader</translation>
    </message>
    <message>
        <source>Selected %1 (%2)</source>
        <translation>%1 ausgewählt (%2)</translation>
    </message>
    <message>
        <source>The local cluster stopped (exit code %1).</source>
        <translation>Der lokale Cluster wurde beendet (Exit-Code %1).</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Status snapshot (*.json)</source>
        <translation>Status-Snapshot (*.json)</translation>
    </message>
    <message>
        <source>Lag history (*.csv)</source>
        <translation>Verzögerungsverlauf (*.csv)</translation>
    </message>
    <message>
        <source>Window image (*.png)</source>
        <translation>Fensterbild (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Nach %1 exportiert</translation>
    </message>
    <message>
        <source>Could not write the image %1: check that the folder exists and is writable.</source>
        <translation>Das Bild %1 konnte nicht geschrieben werden: Prüfen Sie, ob der Ordner existiert und beschreibbar ist.</translation>
    </message>
    <message>
        <source>Unknown export format &quot;%1&quot;: name the file .json, .csv or .png.</source>
        <translation>Unbekanntes Exportformat &quot;%1&quot;: Benennen Sie die Datei .json, .csv oder .png.</translation>
    </message>
    <message>
        <source>Could not write %1: %2. Choose another folder.</source>
        <translation>%1 konnte nicht geschrieben werden: %2. Wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>About Tandem Console</source>
        <translation>Über die Tandem-Konsole</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tandem Console %1&lt;/h3&gt;&lt;p&gt;The admin console of Tandem, an active-failover document store with an ArangoDB-compatible API.&lt;/p&gt;&lt;p&gt;Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tandem-Konsole %1&lt;/h3&gt;&lt;p&gt;Die Administrationskonsole von Tandem, einem Active-Failover-Dokumentenspeicher mit ArangoDB-kompatibler API.&lt;/p&gt;&lt;p&gt;Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Stopping the local cluster, then quitting…</source>
        <translation>Halte den lokalen Cluster an, dann Beenden…</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>Verbunden.</translation>
    </message>
    <message>
        <source>Lost the cluster: %1</source>
        <translation>Verbindung zum Cluster verloren: %1</translation>
    </message>
    <message>
        <source>Stop the local cluster?

A cluster launched from this console is still running.
Yes: stop its nodes in order, then quit.
No: quit now; its nodes are stopped as the console exits.
Cancel: keep the console open.</source>
        <translation>Den lokalen Cluster anhalten?

Ein von dieser Konsole gestarteter Cluster läuft noch.
Ja: seine Knoten der Reihe nach anhalten, dann beenden.
Nein: jetzt beenden; seine Knoten werden beim Beenden der Konsole angehalten.
Abbrechen: die Konsole offen lassen.</translation>
    </message>
</context>
<context>
    <name>tandem::console::MaintenanceOperation</name>
    <message>
        <source>Turn maintenance mode on</source>
        <translation>Wartungsmodus einschalten</translation>
    </message>
    <message>
        <source>Turn maintenance mode off</source>
        <translation>Wartungsmodus ausschalten</translation>
    </message>
    <message>
        <source>Supervision stops for 60 minutes: a failed leader is NOT replaced automatically until maintenance mode is turned off or expires.</source>
        <translation>Die Supervision pausiert 60 Minuten: Ein ausgefallener Leader wird NICHT automatisch ersetzt, bis der Wartungsmodus ausgeschaltet wird oder abläuft.</translation>
    </message>
    <message>
        <source>Supervision resumes: a failed leader is replaced automatically again.</source>
        <translation>Die Supervision läuft wieder: Ein ausgefallener Leader wird wieder automatisch ersetzt.</translation>
    </message>
    <message>
        <source>Find the leader</source>
        <translation>Den Leader finden</translation>
    </message>
    <message>
        <source>Confirm it in the cluster health</source>
        <translation>Im Cluster-Zustand bestätigen</translation>
    </message>
    <message>
        <source>Maintenance mode could not be turned %1: %2. Try again, or check the cluster with tandem-console status.</source>
        <translation>Der Wartungsmodus konnte nicht auf %1 gesetzt werden: %2. Versuchen Sie es erneut oder prüfen Sie den Cluster mit tandem-console status.</translation>
    </message>
    <message>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>the health does not show maintenance mode yet</source>
        <translation>der Zustand zeigt den Wartungsmodus noch nicht</translation>
    </message>
    <message>
        <source>the health still shows maintenance mode</source>
        <translation>der Zustand zeigt noch den Wartungsmodus</translation>
    </message>
    <message>
        <source>The cluster health did not confirm the change within %1 s. Check it with tandem-console status.</source>
        <translation>Der Cluster-Zustand hat die Änderung nicht innerhalb von %1 s bestätigt. Prüfen Sie ihn mit tandem-console status.</translation>
    </message>
    <message>
        <source>Maintenance mode is on: supervision will not fail over for 60 minutes. Turn it off when you are done.</source>
        <translation>Der Wartungsmodus ist an: Die Supervision führt 60 Minuten lang kein Failover durch. Schalten Sie ihn aus, wenn Sie fertig sind.</translation>
    </message>
    <message>
        <source>Maintenance mode is off: supervision is active again.</source>
        <translation>Der Wartungsmodus ist aus: Die Supervision ist wieder aktiv.</translation>
    </message>
    <message>
        <source>the outcome is unknown (%1); checking the cluster</source>
        <translation>das Ergebnis ist unbekannt (%1); prüfe den Cluster</translation>
    </message>
</context>
<context>
    <name>tandem::console::NodeActions</name>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <source>Connect to a cluster by one of its endpoints</source>
        <translation>Über einen seiner Endpunkte mit einem Cluster verbinden</translation>
    </message>
    <message>
        <source>&amp;Launch local cluster…</source>
        <translation>Lokalen Cluster &amp;starten…</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Start a local cluster of tandem-node processes and connect to it</source>
        <translation>Einen lokalen Cluster aus tandem-node-Prozessen starten und verbinden</translation>
    </message>
    <message>
        <source>&amp;Stop local cluster</source>
        <translation>Lokalen Cluster an&amp;halten</translation>
    </message>
    <message>
        <source>Stop the local cluster launched from this console</source>
        <translation>Den von dieser Konsole gestarteten lokalen Cluster anhalten</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export a status snapshot (JSON), the lag history (CSV) or the window (PNG)</source>
        <translation>Einen Status-Snapshot (JSON), den Verzögerungsverlauf (CSV) oder das Fenster (PNG) exportieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit the console</source>
        <translation>Die Konsole beenden</translation>
    </message>
    <message>
        <source>&amp;Promote / switch over</source>
        <translation>Zum Leader &amp;machen</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Make the selected follower the leader (planned switchover)</source>
        <translation>Den ausgewählten Follower zum Leader machen (geplante Umschaltung)</translation>
    </message>
    <message>
        <source>&amp;Drain</source>
        <translation>Außer &amp;Dienst stellen</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Take the selected node out of failover and client endpoints</source>
        <translation>Den ausgewählten Knoten aus Failover und Client-Endpunkten herausnehmen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Deregister the selected drained node</source>
        <translation>Den ausgewählten, außer Dienst gestellten Knoten abmelden</translation>
    </message>
    <message>
        <source>&amp;Upgrade follower</source>
        <translation>Follower &amp;aktualisieren</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>Restart the selected follower with the upgrade step, wait until in sync</source>
        <translation>Den ausgewählten Follower mit dem Upgrade-Schritt neu starten, warten bis synchron</translation>
    </message>
    <message>
        <source>Re&amp;place node…</source>
        <translation>Knoten erset&amp;zen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Bring in a new node, then drain and remove the selected one</source>
        <translation>Einen neuen Knoten hinzunehmen, dann den ausgewählten außer Dienst stellen und entfernen</translation>
    </message>
    <message>
        <source>Rolling up&amp;grade</source>
        <translation>Rollierendes Up&amp;grade</translation>
    </message>
    <message>
        <source>Upgrade every follower, switch over, then upgrade the old leader</source>
        <translation>Jeden Follower aktualisieren, umschalten, dann den alten Leader aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Maintenance mode</source>
        <translation>&amp;Wartungsmodus</translation>
    </message>
    <message>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <source>Turn supervision maintenance (no automatic failover) on or off</source>
        <translation>Wartungsmodus der Supervision (kein automatisches Failover) ein- oder ausschalten</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Poll the cluster now</source>
        <translation>Den Cluster jetzt abfragen</translation>
    </message>
    <message>
        <source>&amp;Pause chart</source>
        <translation>Diagramm an&amp;halten</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Freeze the lag chart to scroll back over the session</source>
        <translation>Das Verzögerungsdiagramm anhalten, um in der Sitzung zurückzublättern</translation>
    </message>
    <message>
        <source>&amp;About Tandem Console</source>
        <translation>Ü&amp;ber die Tandem-Konsole</translation>
    </message>
    <message>
        <source>Version and licence</source>
        <translation>Version und Lizenz</translation>
    </message>
    <message>
        <source>Poll every %1 ms</source>
        <translation>Alle %1 ms abfragen</translation>
    </message>
    <message>
        <source>Poll every %1 s</source>
        <translation>Alle %1 s abfragen</translation>
    </message>
    <message>
        <source>Disabled: not connected to a cluster.</source>
        <translation>Deaktiviert: nicht mit einem Cluster verbunden.</translation>
    </message>
    <message>
        <source>Disabled: another operation is running; wait for it to end.</source>
        <translation>Deaktiviert: eine andere Operation läuft; warten Sie, bis sie endet.</translation>
    </message>
    <message>
        <source>Disabled: needs a leader and at least one follower.</source>
        <translation>Deaktiviert: benötigt einen Leader und mindestens einen Follower.</translation>
    </message>
    <message>
        <source>Disabled: select a node in the topology or the table first.</source>
        <translation>Deaktiviert: Wählen Sie zuerst einen Knoten in der Topologie oder der Tabelle.</translation>
    </message>
    <message>
        <source>Disabled: %1 is not a follower.</source>
        <translation>Deaktiviert: %1 ist kein Follower.</translation>
    </message>
    <message>
        <source>Disabled: %1 is not healthy (%2).</source>
        <translation>Deaktiviert: %1 ist nicht gesund (%2).</translation>
    </message>
    <message>
        <source>Disabled: %1 is draining.</source>
        <translation>Deaktiviert: %1 wird außer Dienst gestellt.</translation>
    </message>
    <message>
        <source>Disabled: %1 is not in sync (%2 ticks behind).</source>
        <translation>Deaktiviert: %1 ist nicht synchron (%2 Ticks zurück).</translation>
    </message>
    <message>
        <source>Disabled: %1 is removed.</source>
        <translation>Deaktiviert: %1 ist entfernt.</translation>
    </message>
    <message>
        <source>Disabled: %1 is already draining.</source>
        <translation>Deaktiviert: %1 wird bereits außer Dienst gestellt.</translation>
    </message>
    <message>
        <source>Disabled: %1 is already removed.</source>
        <translation>Deaktiviert: %1 ist bereits entfernt.</translation>
    </message>
    <message>
        <source>Disabled: %1 is not draining; drain it first (Ctrl+D).</source>
        <translation>Deaktiviert: %1 ist nicht außer Dienst gestellt; stellen Sie ihn zuerst außer Dienst (Ctrl+D).</translation>
    </message>
    <message>
        <source>Disabled: %1 is not a follower; switch over first or use rolling upgrade.</source>
        <translation>Deaktiviert: %1 ist kein Follower; schalten Sie zuerst um oder verwenden Sie das rollierende Upgrade.</translation>
    </message>
</context>
<context>
    <name>tandem::console::NodeTableModel</name>
    <message>
        <source>%1, draining</source>
        <translation>%1, wird außer Dienst gestellt</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Applied tick</source>
        <translation>Angewendeter Tick</translation>
    </message>
    <message>
        <source>Lag (ticks)</source>
        <translation>Verzögerung (Ticks)</translation>
    </message>
    <message>
        <source>Lag (ms)</source>
        <translation>Verzögerung (ms)</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
</context>
<context>
    <name>tandem::console::Operation</name>
    <message>
        <source>Cancelled before the first step: nothing was sent to the cluster.</source>
        <translation>Vor dem ersten Schritt abgebrochen: Es wurde nichts an den Cluster gesendet.</translation>
    </message>
    <message>
        <source>Cancelled during step %1 of %2 (%3). Requests already sent to the cluster are not undone and the later steps were not run; check the cluster with tandem-console status before trying again.</source>
        <translation>Während Schritt %1 von %2 abgebrochen (%3). Bereits an den Cluster gesendete Anfragen werden nicht rückgängig gemacht, und die späteren Schritte wurden nicht ausgeführt; prüfen Sie den Cluster mit tandem-console status, bevor Sie es erneut versuchen.</translation>
    </message>
</context>
<context>
    <name>tandem::console::OperationDialog</name>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Stop at the next safe point; what was done is not undone</source>
        <translation>Am nächsten sicheren Punkt anhalten; bereits Erledigtes wird nicht rückgängig gemacht</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Gestartet: %1</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1: %2 — %3</source>
        <translation>%1: %2 — %3</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Breche ab…</translation>
    </message>
</context>
<context>
    <name>tandem::console::RemoveOperation</name>
    <message>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
    <message>
        <source>%1 is removed from the cluster for good: it is deregistered, stops serving and cannot rejoin with its data (start it again with an empty directory to add it as a new node). Only a drained node can be removed.</source>
        <translation>%1 wird endgültig aus dem Cluster entfernt: Er wird abgemeldet, nimmt keine Anfragen mehr an und kann mit seinen Daten nicht wieder beitreten (starten Sie ihn mit einem leeren Verzeichnis neu, um ihn als neuen Knoten hinzuzufügen). Nur ein außer Dienst gestellter Knoten kann entfernt werden.</translation>
    </message>
    <message>
        <source>Check that %1 is drained</source>
        <translation>Prüfen, ob %1 außer Dienst ist</translation>
    </message>
    <message>
        <source>Ask the leader to remove %1</source>
        <translation>Den Leader bitten, %1 zu entfernen</translation>
    </message>
    <message>
        <source>Wait until %1 is removed</source>
        <translation>Warten, bis %1 entfernt ist</translation>
    </message>
    <message>
        <source>There is no server %1 in the cluster. Check the name with tandem-console status.</source>
        <translation>Im Cluster gibt es keinen Server %1. Prüfen Sie den Namen mit tandem-console status.</translation>
    </message>
    <message>
        <source>%1 is removed already: nothing to do.</source>
        <translation>%1 ist bereits entfernt: nichts zu tun.</translation>
    </message>
    <message>
        <source>%1 leads and cannot be removed. Drain it first (it hands over to a follower): tandem-console drain --server %2</source>
        <translation>%1 führt und kann nicht entfernt werden. Stellen Sie ihn zuerst außer Dienst (er übergibt an einen Follower): tandem-console drain --server %2</translation>
    </message>
    <message>
        <source>%1 is not drained: drain it first (tandem-console drain --server %2), then remove it.</source>
        <translation>%1 ist nicht außer Dienst: Stellen Sie ihn zuerst außer Dienst (tandem-console drain --server %2) und entfernen Sie ihn dann.</translation>
    </message>
    <message>
        <source>Removing %1 was refused: %2. Check the cluster with tandem-console status and try again.</source>
        <translation>Das Entfernen von %1 wurde abgelehnt: %2. Prüfen Sie den Cluster mit tandem-console status und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1 is removed</source>
        <translation>%1 ist entfernt</translation>
    </message>
    <message>
        <source>%1 is still registered</source>
        <translation>%1 ist noch registriert</translation>
    </message>
    <message>
        <source>%1 was not shown as removed within %2 s. Check the cluster with tandem-console status.</source>
        <translation>%1 wurde nicht innerhalb von %2 s als entfernt angezeigt. Prüfen Sie den Cluster mit tandem-console status.</translation>
    </message>
    <message>
        <source>%1 is removed from the cluster. Its process still runs: stop it when you no longer need it.</source>
        <translation>%1 ist aus dem Cluster entfernt. Sein Prozess läuft noch: Beenden Sie ihn, wenn Sie ihn nicht mehr brauchen.</translation>
    </message>
    <message>
        <source>the outcome of the removal is unknown (%1); checking the cluster</source>
        <translation>das Ergebnis des Entfernens ist unbekannt (%1); prüfe den Cluster</translation>
    </message>
</context>
<context>
    <name>tandem::console::ReplaceNodeWizard</name>
    <message>
        <source>Replace a node</source>
        <translation>Einen Knoten ersetzen</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>Node to replace</source>
        <translation>Zu ersetzender Knoten</translation>
    </message>
    <message>
        <source>The node is drained and removed once its replacement is in sync; a leader is switched over to the new node first.</source>
        <translation>Der Knoten wird außer Dienst gestellt und entfernt, sobald sein Ersatz synchron ist; von einem Leader wird zuerst auf den neuen Knoten umgeschaltet.</translation>
    </message>
    <message>
        <source>leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>follower</source>
        <translation>Follower</translation>
    </message>
    <message>
        <source>Replace:</source>
        <translation>Ersetzen:</translation>
    </message>
    <message>
        <source>The new node</source>
        <translation>Der neue Knoten</translation>
    </message>
    <message>
        <source>Attach a node you started (a data node naming this cluster&apos;s agency), or let the console launch one on this machine.</source>
        <translation>Binden Sie einen Knoten ein, den Sie gestartet haben (ein Datenknoten, der die Agency dieses Clusters nennt), oder lassen Sie die Konsole einen auf diesem Rechner starten.</translation>
    </message>
    <message>
        <source>Attach a running node by endpoint</source>
        <translation>Einen laufenden Knoten über seinen Endpunkt einbinden</translation>
    </message>
    <message>
        <source>Launch a new node locally</source>
        <translation>Einen neuen Knoten lokal starten</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>ein beliebiger freier Port</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>Endpunkt:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Datenordner:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Prüfe…</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Shut the old node down after it is removed</source>
        <translation>Den alten Knoten nach dem Entfernen herunterfahren</translation>
    </message>
    <message>
        <source>Write the endpoint as http://host:port.</source>
        <translation>Schreiben Sie den Endpunkt als http://host:port.</translation>
    </message>
    <message>
        <source>✗ %1 — start the node first, or check the address.</source>
        <translation>✗ %1 — starten Sie den Knoten zuerst oder prüfen Sie die Adresse.</translation>
    </message>
    <message>
        <source>✓ %1 answers.</source>
        <translation>✓ %1 antwortet.</translation>
    </message>
    <message>
        <source>✗ That is the node being replaced: give the new node&apos;s endpoint.</source>
        <translation>✗ Das ist der zu ersetzende Knoten: Geben Sie den Endpunkt des neuen Knotens an.</translation>
    </message>
    <message>
        <source>a new node launched locally in %1</source>
        <translation>ein neuer, lokal gestarteter Knoten in %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&lt;p&gt;Replace &lt;b&gt;%1&lt;/b&gt; with &lt;b&gt;%2&lt;/b&gt;.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Wait until the new node is registered and in sync.&lt;/li&gt;&lt;li&gt;If the old node leads, switch over to the new one.&lt;/li&gt;&lt;li&gt;Drain the old node, then remove it.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Press Replace to start; progress is shown next.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; durch &lt;b&gt;%2&lt;/b&gt; ersetzen.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Warten, bis der neue Knoten registriert und synchron ist.&lt;/li&gt;&lt;li&gt;Wenn der alte Knoten führt, auf den neuen umschalten.&lt;/li&gt;&lt;li&gt;Den alten Knoten außer Dienst stellen und dann entfernen.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Klicken Sie auf Ersetzen, um zu beginnen; der Fortschritt wird danach angezeigt.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>tandem::console::ReplaceOperation</name>
    <message>
        <source>the new node</source>
        <translation>der neue Knoten</translation>
    </message>
    <message>
        <source>Replace %1</source>
        <translation>%1 ersetzen</translation>
    </message>
    <message>
        <source>A new node is started on this machine (data in %1) and joins the cluster.</source>
        <translation>Ein neuer Knoten wird auf diesem Rechner gestartet (Daten in %1) und tritt dem Cluster bei.</translation>
    </message>
    <message>
        <source>The node at %1 joins the cluster.</source>
        <translation>Der Knoten unter %1 tritt dem Cluster bei.</translation>
    </message>
    <message>
        <source>Once it is in sync, %1 is drained (if it leads, the new node takes over first) and removed from the cluster.</source>
        <translation>Sobald er synchron ist, wird %1 außer Dienst gestellt (führt er, übernimmt zuerst der neue Knoten) und aus dem Cluster entfernt.</translation>
    </message>
    <message>
        <source>Then %1 is shut down.</source>
        <translation>Danach wird %1 heruntergefahren.</translation>
    </message>
    <message>
        <source>Launch the new node</source>
        <translation>Den neuen Knoten starten</translation>
    </message>
    <message>
        <source>Check that %1 answers</source>
        <translation>Prüfen, ob %1 antwortet</translation>
    </message>
    <message>
        <source>Wait until the new node is registered and in sync</source>
        <translation>Warten, bis der neue Knoten registriert und synchron ist</translation>
    </message>
    <message>
        <source>Switch over to the new node if %1 leads</source>
        <translation>Auf den neuen Knoten umschalten, falls %1 führt</translation>
    </message>
    <message>
        <source>Drain %1</source>
        <translation>%1 außer Dienst stellen</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
    <message>
        <source>Stop %1</source>
        <translation>%1 anhalten</translation>
    </message>
    <message>
        <source>There is no server %1 in the cluster to replace. Check the name with tandem-console status.</source>
        <translation>Im Cluster gibt es keinen Server %1, der ersetzt werden könnte. Prüfen Sie den Namen mit tandem-console status.</translation>
    </message>
    <message>
        <source>No node of the cluster answered /_api/agency/config, so the new node would not know the agency. Check the cluster with tandem-console status.</source>
        <translation>Kein Knoten des Clusters hat auf /_api/agency/config geantwortet, daher würde der neue Knoten die Agency nicht kennen. Prüfen Sie den Cluster mit tandem-console status.</translation>
    </message>
    <message>
        <source>tandem-node was not found (set TANDEM_NODE_BINARY, or put it on PATH or next to tandem-console).</source>
        <translation>tandem-node wurde nicht gefunden (setzen Sie TANDEM_NODE_BINARY oder legen Sie es in den PATH oder neben tandem-console).</translation>
    </message>
    <message>
        <source>Cannot create the data directory &quot;%1&quot;. Choose a folder you can write to.</source>
        <translation>Das Datenverzeichnis &quot;%1&quot; kann nicht angelegt werden. Wählen Sie einen Ordner, in den Sie schreiben können.</translation>
    </message>
    <message>
        <source>Could not start %1: %2.</source>
        <translation>%1 konnte nicht gestartet werden: %2.</translation>
    </message>
    <message>
        <source>started %1 (pid %2) on %3, log %4</source>
        <translation>%1 gestartet (PID %2) auf %3, Protokoll %4</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an endpoint. Give the new node as http://HOST:PORT.</source>
        <translation>&quot;%1&quot; ist kein Endpunkt. Geben Sie den neuen Knoten als http://HOST:PORT an.</translation>
    </message>
    <message>
        <source>The new node does not answer (%1). Start it first with --cluster.agency-endpoint naming the agents of this cluster.</source>
        <translation>Der neue Knoten antwortet nicht (%1). Starten Sie ihn zuerst mit --cluster.agency-endpoint für die Agents dieses Clusters.</translation>
    </message>
    <message>
        <source>%1 is the node to replace itself. Give the endpoint of a new node.</source>
        <translation>%1 ist selbst der zu ersetzende Knoten. Geben Sie den Endpunkt eines neuen Knotens an.</translation>
    </message>
    <message>
        <source>%1 answers as %2</source>
        <translation>%1 antwortet als %2</translation>
    </message>
    <message>
        <source>%1 does not answer yet</source>
        <translation>%1 antwortet noch nicht</translation>
    </message>
    <message>
        <source>The new node %1 was not registered and in sync within %2 s. Check its log; %3 was left as it was.</source>
        <translation>Der neue Knoten %1 war nicht innerhalb von %2 s registriert und synchron. Prüfen Sie sein Protokoll; %3 blieb unverändert.</translation>
    </message>
    <message>
        <source>%1 does not lead: no switchover needed</source>
        <translation>%1 führt nicht: keine Umschaltung nötig</translation>
    </message>
    <message>
        <source>%1 replaced %2. %3</source>
        <translation>%1 hat %2 ersetzt. %3</translation>
    </message>
    <message>
        <source>%1 replaced %2, which is removed, but it refused to shut down: %3. Stop its process by hand.</source>
        <translation>%1 hat %2 ersetzt, der entfernt ist, sich aber nicht herunterfahren ließ: %3. Beenden Sie seinen Prozess von Hand.</translation>
    </message>
    <message>
        <source>%1 is still running</source>
        <translation>%1 läuft noch</translation>
    </message>
    <message>
        <source>%1 replaced %2, which is removed, but it did not stop within %3 s. Stop its process by hand.</source>
        <translation>%1 hat %2 ersetzt, der entfernt ist, aber nicht innerhalb von %3 s angehalten hat. Beenden Sie seinen Prozess von Hand.</translation>
    </message>
    <message>
        <source>%1 replaced %2, which is removed and stopped.</source>
        <translation>%1 hat %2 ersetzt, der entfernt und angehalten ist.</translation>
    </message>
</context>
<context>
    <name>tandem::console::RollingUpgradeOperation</name>
    <message>
        <source>Rolling upgrade</source>
        <translation>Rollierendes Upgrade</translation>
    </message>
    <message>
        <source>Every node is restarted with the upgrade step of the tandem-node binary now installed, one at a time: first each follower (waiting until it is back in sync), then the most advanced follower takes over as leader, then the old leader is upgraded. Writes pause briefly during the switchover.</source>
        <translation>Jeder Knoten wird nacheinander mit dem Upgrade-Schritt des jetzt installierten tandem-node-Programms neu gestartet: zuerst jeder Follower (bis er wieder synchron ist), dann übernimmt der am weitesten fortgeschrittene Follower die Führung, dann wird der alte Leader aktualisiert. Während der Umschaltung pausieren Schreibzugriffe kurz.</translation>
    </message>
    <message>
        <source>Find the leader and the followers</source>
        <translation>Den Leader und die Follower finden</translation>
    </message>
    <message>
        <source>Upgrade each follower in turn</source>
        <translation>Jeden Follower nacheinander aktualisieren</translation>
    </message>
    <message>
        <source>Switch over to the most advanced follower</source>
        <translation>Auf den am weitesten fortgeschrittenen Follower umschalten</translation>
    </message>
    <message>
        <source>Upgrade the old leader</source>
        <translation>Den alten Leader aktualisieren</translation>
    </message>
    <message>
        <source>Check that the new leader serves</source>
        <translation>Prüfen, ob der neue Leader Anfragen annimmt</translation>
    </message>
    <message>
        <source>The cluster has no leader now. Wait until one is elected, then start the rolling upgrade again.</source>
        <translation>Der Cluster hat derzeit keinen Leader. Warten Sie, bis einer gewählt ist, und starten Sie das rollierende Upgrade dann erneut.</translation>
    </message>
    <message>
        <source>%1 has no follower to take over while it is upgraded. Add a node first, or upgrade it by restarting it (the cluster is unavailable meanwhile).</source>
        <translation>%1 hat keinen Follower, der während des Upgrades übernehmen könnte. Fügen Sie zuerst einen Knoten hinzu oder aktualisieren Sie ihn durch einen Neustart (der Cluster ist währenddessen nicht verfügbar).</translation>
    </message>
    <message>
        <source>leader %1, followers %2</source>
        <translation>Leader %1, Follower %2</translation>
    </message>
    <message>
        <source>[%1/%2] </source>
        <translation>[%1/%2] </translation>
    </message>
    <message>
        <source>The followers were upgraded, but none is GOOD now to take over; the old leader was not upgraded. Check the cluster with tandem-console status.</source>
        <translation>Die Follower wurden aktualisiert, aber keiner ist jetzt GOOD, um zu übernehmen; der alte Leader wurde nicht aktualisiert. Prüfen Sie den Cluster mit tandem-console status.</translation>
    </message>
    <message>
        <source>Every node was upgraded, but no leader served within %1 s afterwards. Check the cluster with tandem-console status.</source>
        <translation>Alle Knoten wurden aktualisiert, aber danach hat innerhalb von %1 s kein Leader Anfragen angenommen. Prüfen Sie den Cluster mit tandem-console status.</translation>
    </message>
    <message>
        <source>Every node was upgraded; %1.</source>
        <translation>Alle Knoten wurden aktualisiert; %1.</translation>
    </message>
</context>
<context>
    <name>tandem::console::SwitchoverOperation</name>
    <message>
        <source>Switch over to %1</source>
        <translation>Auf %1 umschalten</translation>
    </message>
    <message>
        <source>%1 becomes the leader. The current leader holds writes (at most %2 s) until %1 has applied all of them, then hands over and follows %1. Clients following x-arango-endpoint redirects move on by themselves.</source>
        <translation>%1 wird Leader. Der aktuelle Leader hält Schreibzugriffe zurück (höchstens %2 s), bis %1 alle angewendet hat, übergibt dann und folgt %1. Clients, die x-arango-endpoint-Umleitungen folgen, wechseln von selbst.</translation>
    </message>
    <message>
        <source>Find the leader</source>
        <translation>Den Leader finden</translation>
    </message>
    <message>
        <source>Ask the leader to hand over to %1</source>
        <translation>Den Leader bitten, an %1 zu übergeben</translation>
    </message>
    <message>
        <source>Wait until %1 leads and serves writes</source>
        <translation>Warten, bis %1 führt und Schreibzugriffe annimmt</translation>
    </message>
    <message>
        <source>There is no server %1 in the cluster. Name one of: %2.</source>
        <translation>Im Cluster gibt es keinen Server %1. Nennen Sie einen von: %2.</translation>
    </message>
    <message>
        <source>%1 already leads: nothing to do.</source>
        <translation>%1 führt bereits: nichts zu tun.</translation>
    </message>
    <message>
        <source>%1 is %2 and cannot lead. Pick another follower.</source>
        <translation>%1 ist %2 und kann nicht führen. Wählen Sie einen anderen Follower.</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>draining</source>
        <translation>außer Dienst</translation>
    </message>
    <message>
        <source>%1 is %2, not GOOD: it cannot take over. Wait until it is healthy, or pick another follower.</source>
        <translation>%1 ist %2, nicht GOOD: Er kann nicht übernehmen. Warten Sie, bis er gesund ist, oder wählen Sie einen anderen Follower.</translation>
    </message>
    <message>
        <source>%1 hands over to %2</source>
        <translation>%1 übergibt an %2</translation>
    </message>
    <message>
        <source>no answer to the switchover (%1); checking the cluster</source>
        <translation>keine Antwort auf die Umschaltung (%1); prüfe den Cluster</translation>
    </message>
    <message>
        <source>The switchover to %1 was refused: %2. Nothing changed; check the cluster with tandem-console status and try again.</source>
        <translation>Die Umschaltung auf %1 wurde abgelehnt: %2. Nichts wurde geändert; prüfen Sie den Cluster mit tandem-console status und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The switchover to %1 did not happen (the leader kept leading). Try again when %1 is in sync.</source>
        <translation>Die Umschaltung auf %1 fand nicht statt (der Leader blieb Leader). Versuchen Sie es erneut, wenn %1 synchron ist.</translation>
    </message>
    <message>
        <source>writes were held for %1 ms</source>
        <translation>Schreibzugriffe wurden %1 ms zurückgehalten</translation>
    </message>
    <message>
        <source>%1 did not lead and serve within %2 s. Check the cluster with tandem-console status.</source>
        <translation>%1 hat nicht innerhalb von %2 s die Führung übernommen und Anfragen angenommen. Prüfen Sie den Cluster mit tandem-console status.</translation>
    </message>
    <message>
        <source>%1 is the leader now.</source>
        <translation>%1 ist jetzt der Leader.</translation>
    </message>
</context>
<context>
    <name>tandem::console::TopologyView</name>
    <message>
        <source>Not connected. Use File → Connect… or Launch local cluster…</source>
        <translation>Nicht verbunden. Verwenden Sie Datei → Verbinden… oder Lokalen Cluster starten…</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Nicht verbunden: %1</translation>
    </message>
    <message>
        <source>No leader: the cluster is electing or failing over.</source>
        <translation>Kein Leader: Der Cluster wählt gerade oder führt ein Failover durch.</translation>
    </message>
    <message>
        <source>lag unknown</source>
        <translation>Verzögerung unbekannt</translation>
    </message>
</context>
<context>
    <name>tandem::console::UpgradeOperation</name>
    <message>
        <source>Upgrade %1</source>
        <translation>%1 aktualisieren</translation>
    </message>
    <message>
        <source>%1 shuts down, runs the database upgrade step of the tandem-node binary now installed, and starts again on the same port; it then catches up with the leader. The cluster keeps serving meanwhile (one follower fewer).</source>
        <translation>%1 fährt herunter, führt den Datenbank-Upgrade-Schritt des jetzt installierten tandem-node-Programms aus und startet auf demselben Port neu; danach holt er gegenüber dem Leader auf. Der Cluster arbeitet währenddessen weiter (mit einem Follower weniger).</translation>
    </message>
    <message>
        <source>Check that %1 is a follower</source>
        <translation>Prüfen, ob %1 ein Follower ist</translation>
    </message>
    <message>
        <source>Restart %1 with the upgrade step</source>
        <translation>%1 mit dem Upgrade-Schritt neu starten</translation>
    </message>
    <message>
        <source>Wait until %1 is back</source>
        <translation>Warten, bis %1 wieder da ist</translation>
    </message>
    <message>
        <source>Wait until %1 is a follower in sync</source>
        <translation>Warten, bis %1 ein synchroner Follower ist</translation>
    </message>
    <message>
        <source>There is no server %1 in the cluster. Check the name with tandem-console status.</source>
        <translation>Im Cluster gibt es keinen Server %1. Prüfen Sie den Namen mit tandem-console status.</translation>
    </message>
    <message>
        <source>%1 leads: a leader is not upgraded in place. Switch over to a follower first (tandem-console switchover --to …), or run a rolling upgrade.</source>
        <translation>%1 führt: Ein Leader wird nicht an Ort und Stelle aktualisiert. Schalten Sie zuerst auf einen Follower um (tandem-console switchover --to …) oder führen Sie ein rollierendes Upgrade aus.</translation>
    </message>
    <message>
        <source>%1 does not answer its status (%2): it cannot be restarted from here. Check that it runs.</source>
        <translation>%1 beantwortet seine Statusabfrage nicht (%2): Er kann von hier nicht neu gestartet werden. Prüfen Sie, ob er läuft.</translation>
    </message>
    <message>
        <source>%1 refused to restart: %2. Nothing changed.</source>
        <translation>%1 hat den Neustart abgelehnt: %2. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>waiting for the node to come back (pid %1 → ?)</source>
        <translation>warte auf die Rückkehr des Knotens (PID %1 → ?)</translation>
    </message>
    <message>
        <source>%1 is back (pid %2 → %3, up %4 s)</source>
        <translation>%1 ist wieder da (PID %2 → %3, seit %4 s aktiv)</translation>
    </message>
    <message>
        <source>%1 has not shut down yet (pid %2)</source>
        <translation>%1 ist noch nicht heruntergefahren (PID %2)</translation>
    </message>
    <message>
        <source>%1 did not come back within %2 s. Look at its log: a failed upgrade leaves the node stopped.</source>
        <translation>%1 ist nicht innerhalb von %2 s zurückgekommen. Sehen Sie in sein Protokoll: Ein fehlgeschlagenes Upgrade lässt den Knoten angehalten.</translation>
    </message>
    <message>
        <source>%1 is %2, replication %3, %4 ticks behind</source>
        <translation>%1 ist %2, Replikation %3, %4 Ticks zurück</translation>
    </message>
    <message>
        <source>%1 restarted but did not catch up with the leader within %2 s. Check its log and the cluster with tandem-console status.</source>
        <translation>%1 wurde neu gestartet, hat aber nicht innerhalb von %2 s zum Leader aufgeholt. Prüfen Sie sein Protokoll und den Cluster mit tandem-console status.</translation>
    </message>
    <message>
        <source>%1 was upgraded and is a follower in sync again.</source>
        <translation>%1 wurde aktualisiert und ist wieder ein synchroner Follower.</translation>
    </message>
</context>
</TS>
