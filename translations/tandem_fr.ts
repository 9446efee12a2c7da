<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ApiReply</name>
    <message>
        <source>%1: the reply is not JSON (%2)</source>
        <translation>%1 : la réponse n&apos;est pas du JSON (%2)</translation>
    </message>
    <message>
        <source>%1: the reply is not a JSON object</source>
        <translation>%1 : la réponse n&apos;est pas un objet JSON</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>un nombre</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>une chaîne</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true ou false</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>un objet</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>un tableau</translation>
    </message>
    <message>
        <source>field &apos;%1%2&apos; is not %3</source>
        <translation>le champ &apos;%1%2&apos; n&apos;est pas %3</translation>
    </message>
    <message>
        <source>%1: the reply has no field &apos;%2&apos;</source>
        <translation>%1 : la réponse n&apos;a pas de champ &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>pas de réponse</translation>
    </message>
    <message>
        <source>%1: HTTP %2, errorNum %3: %4</source>
        <translation>%1 : HTTP %2, errorNum %3 : %4</translation>
    </message>
    <message>
        <source>%1: HTTP %2</source>
        <translation>%1 : HTTP %2</translation>
    </message>
    <message>
        <source>an entry of &apos;endpoints&apos; has no &apos;endpoint&apos; string</source>
        <translation>une entrée de &apos;endpoints&apos; n&apos;a pas de chaîne &apos;endpoint&apos;</translation>
    </message>
    <message>
        <source>Health.%1 is not an object</source>
        <translation>Health.%1 n&apos;est pas un objet</translation>
    </message>
    <message>
        <source>a follower entry has no &apos;id&apos;</source>
        <translation>une entrée de suiveur n&apos;a pas de champ &apos;id&apos;</translation>
    </message>
    <message>
        <source>configuration.pool.%1 is not a string</source>
        <translation>configuration.pool.%1 n&apos;est pas une chaîne</translation>
    </message>
</context>
<context>
    <name>ClusterProbe</name>
    <message>
        <source>No node named a serving leader (%1). The cluster may be electing one: try again in a few seconds, or check it with tandem-console status.</source>
        <translation>Aucun nœud n&apos;a désigné de leader qui réponde (%1). Le cluster est peut-être en train d&apos;en élire un : réessayez dans quelques secondes, ou vérifiez-le avec tandem-console status.</translation>
    </message>
    <message>
        <source>Could not reach any of: %1; is the cluster running? (start one with: tandem-node local-cluster --nodes 3 --dir DIR)</source>
        <translation>Aucun de ces nœuds n&apos;est joignable : %1 ; le cluster tourne-t-il ? (en démarrer un avec : tandem-node local-cluster --nodes 3 --dir DOSSIER)</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Print the cluster&apos;s leader, nodes, health, lag and agents (one poll round).</source>
        <translation>Afficher le leader, les nœuds, la santé, le retard et les agents du cluster (un tour d&apos;interrogation).</translation>
    </message>
    <message>
        <source>Write a snapshot of the cluster: JSON (full state), CSV (lag) or PNG (the window).</source>
        <translation>Écrire un instantané du cluster : JSON (état complet), CSV (retard) ou PNG (la fenêtre).</translation>
    </message>
    <message>
        <source>Make a follower the leader, and wait until it leads and serves writes.</source>
        <translation>Faire d&apos;un suiveur le leader, et attendre qu&apos;il dirige et accepte les écritures.</translation>
    </message>
    <message>
        <source>Take a node out of service (a leader hands over first).</source>
        <translation>Retirer un nœud du service (un leader passe d&apos;abord la main).</translation>
    </message>
    <message>
        <source>Remove a drained node from the cluster.</source>
        <translation>Retirer du cluster un nœud drainé.</translation>
    </message>
    <message>
        <source>Restart a follower with the upgrade step and wait until it is back in sync.</source>
        <translation>Redémarrer un suiveur avec l&apos;étape de mise à niveau et attendre qu&apos;il soit de nouveau synchronisé.</translation>
    </message>
    <message>
        <source>Turn supervision maintenance mode on (60 minutes) or off.</source>
        <translation>Activer (60 minutes) ou désactiver le mode maintenance de la supervision.</translation>
    </message>
    <message>
        <source>Upgrade every node in turn: the followers, then a switchover, then the old leader.</source>
        <translation>Mettre à niveau chaque nœud tour à tour : les suiveurs, puis une bascule, puis l&apos;ancien leader.</translation>
    </message>
    <message>
        <source>--server ID|ENDPOINT is required</source>
        <translation>--server ID|POINT_D_ACCÈS est requis</translation>
    </message>
    <message>
        <source>give either --new URL or --launch --data-dir DIR</source>
        <translation>indiquez soit --new URL soit --launch --data-dir DOSSIER</translation>
    </message>
    <message>
        <source>not an endpoint: %1</source>
        <translation>point d&apos;accès non valide : %1</translation>
    </message>
    <message>
        <source>--launch needs --data-dir DIR</source>
        <translation>--launch nécessite --data-dir DOSSIER</translation>
    </message>
    <message>
        <source>--port must be 1-65535</source>
        <translation>--port doit être entre 1 et 65535</translation>
    </message>
    <message>
        <source>--output FILE is required</source>
        <translation>--output FICHIER est requis</translation>
    </message>
    <message>
        <source>cannot tell the format of &quot;%1&quot;: give --format json, csv or png</source>
        <translation>impossible de déterminer le format de « %1 » : indiquez --format json, csv ou png</translation>
    </message>
    <message>
        <source>--to ID|ENDPOINT is required</source>
        <translation>--to ID|POINT_D_ACCÈS est requis</translation>
    </message>
    <message>
        <source>say on or off</source>
        <translation>indiquez on ou off</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>argument inattendu « %1 »</translation>
    </message>
    <message>
        <source>--endpoint URL is required (any node of the cluster)</source>
        <translation>--endpoint URL est requis (n&apos;importe quel nœud du cluster)</translation>
    </message>
    <message>
        <source>--timeout must be a number of seconds above 0</source>
        <translation>--timeout doit être un nombre de secondes supérieur à 0</translation>
    </message>
    <message>
        <source>--interval must be at least 100 ms</source>
        <translation>--interval doit valoir au moins 100 ms</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>A node of the cluster (repeatable; any node).</source>
        <translation>Un nœud du cluster (répétable ; n&apos;importe lequel).</translation>
    </message>
    <message>
        <source>How long one request may take, in seconds (default 3).</source>
        <translation>Durée maximale d&apos;une requête, en secondes (3 par défaut).</translation>
    </message>
    <message>
        <source>Poll interval in milliseconds (default 1000).</source>
        <translation>Intervalle d&apos;interrogation en millisecondes (1000 par défaut).</translation>
    </message>
    <message>
        <source>User for basic authentication (password from TANDEM_PASSWORD).</source>
        <translation>Utilisateur pour l&apos;authentification basique (mot de passe lu dans TANDEM_PASSWORD).</translation>
    </message>
    <message>
        <source>File holding a JWT bearer token.</source>
        <translation>Fichier contenant un jeton JWT (bearer).</translation>
    </message>
    <message>
        <source>Language of the messages (de, fr, en).</source>
        <translation>Langue des messages (de, fr, en).</translation>
    </message>
    <message>
        <source>Print the snapshot JSON instead of the text.</source>
        <translation>Afficher le JSON de l&apos;instantané au lieu du texte.</translation>
    </message>
    <message>
        <source>The file to write.</source>
        <translation>Le fichier à écrire.</translation>
    </message>
    <message>
        <source>json, csv or png (default: from the file&apos;s suffix).</source>
        <translation>json, csv ou png (par défaut : d&apos;après l&apos;extension du fichier).</translation>
    </message>
    <message>
        <source>The follower to lead: its id or endpoint.</source>
        <translation>Le suiveur qui doit devenir leader : son id ou son point d&apos;accès.</translation>
    </message>
    <message>
        <source>The node: its id or endpoint.</source>
        <translation>Le nœud : son id ou son point d&apos;accès.</translation>
    </message>
    <message>
        <source>The node to replace: its id or endpoint.</source>
        <translation>Le nœud à remplacer : son id ou son point d&apos;accès.</translation>
    </message>
    <message>
        <source>The new node, already started: its endpoint.</source>
        <translation>Le nouveau nœud, déjà démarré : son point d&apos;accès.</translation>
    </message>
    <message>
        <source>Start the new node on this machine.</source>
        <translation>Démarrer le nouveau nœud sur cette machine.</translation>
    </message>
    <message>
        <source>With --launch: the new node&apos;s data directory.</source>
        <translation>Avec --launch : le dossier de données du nouveau nœud.</translation>
    </message>
    <message>
        <source>With --launch: its port (default: a free one).</source>
        <translation>Avec --launch : son port (par défaut : un port libre).</translation>
    </message>
    <message>
        <source>Do not shut the old node down after its removal.</source>
        <translation>Ne pas arrêter l&apos;ancien nœud après son retrait.</translation>
    </message>
    <message>
        <source>Turn maintenance mode on or off.</source>
        <translation>Activer ou désactiver le mode maintenance.</translation>
    </message>
    <message>
        <source>tandem-console: unknown command &quot;%1&quot;; the commands are: %2</source>
        <translation>tandem-console : commande inconnue « %1 » ; les commandes sont : %2</translation>
    </message>
</context>
<context>
    <name>EventDetector</name>
    <message>
        <source>Connected to the cluster (no leader at the moment)</source>
        <translation>Connecté au cluster (aucun leader pour l&apos;instant)</translation>
    </message>
    <message>
        <source>Connected to the cluster (leader %1)</source>
        <translation>Connecté au cluster (leader %1)</translation>
    </message>
    <message>
        <source>Lost the cluster: %1</source>
        <translation>Cluster perdu : %1</translation>
    </message>
    <message>
        <source>Maintenance off: the supervision fails over again</source>
        <translation>Mode maintenance désactivé : la supervision rebascule automatiquement</translation>
    </message>
    <message>
        <source>Maintenance on until %1: no automatic failover</source>
        <translation>Mode maintenance activé jusqu&apos;à %1 : pas de basculement automatique</translation>
    </message>
    <message>
        <source>No leader: %1 led before</source>
        <translation>Aucun leader : %1 était leader auparavant</translation>
    </message>
    <message>
        <source>Switchover: %1 now leads (term %2)</source>
        <translation>Bascule : %1 est désormais leader (mandat %2)</translation>
    </message>
    <message>
        <source>Failover: %1 now leads (term %2)</source>
        <translation>Basculement : %1 est désormais leader (mandat %2)</translation>
    </message>
    <message>
        <source>; %1 led before</source>
        <translation> ; %1 était leader auparavant</translation>
    </message>
    <message>
        <source>%1 joined the cluster</source>
        <translation>%1 a rejoint le cluster</translation>
    </message>
    <message>
        <source>%1 was removed</source>
        <translation>%1 a été retiré</translation>
    </message>
    <message>
        <source>%1 is draining</source>
        <translation>%1 est en cours de drainage</translation>
    </message>
    <message>
        <source>%1 unreachable: %2</source>
        <translation>%1 injoignable : %2</translation>
    </message>
    <message>
        <source>%1 is %2 (was %3)</source>
        <translation>%1 est %2 (était %3)</translation>
    </message>
    <message>
        <source>%1 started an initial sync</source>
        <translation>%1 a commencé une synchronisation initiale</translation>
    </message>
    <message>
        <source>%1 started a resync</source>
        <translation>%1 a commencé une resynchronisation</translation>
    </message>
    <message>
        <source>%1 rolled back operations the new leader does not have</source>
        <translation>%1 a annulé des opérations que le nouveau leader n&apos;a pas</translation>
    </message>
    <message>
        <source>%1 left the cluster</source>
        <translation>%1 a quitté le cluster</translation>
    </message>
</context>
<context>
    <name>Gui</name>
    <message>
        <source>No node answered within %1 ms: check the endpoint and that the cluster runs (last error: %2).</source>
        <translation>Aucun nœud n&apos;a répondu en %1 ms : vérifiez le point d&apos;accès et que le cluster tourne (dernière erreur : %2).</translation>
    </message>
    <message>
        <source>Could not write %1: check that the folder exists and is writable.</source>
        <translation>Impossible d&apos;écrire %1 : vérifiez que le dossier existe et est accessible en écriture.</translation>
    </message>
</context>
<context>
    <name>Headless</name>
    <message>
        <source>Could not reach any of: %1; is the cluster running? (start one with: tandem-node local-cluster --nodes 3 --dir DIR)</source>
        <translation>Aucun de ces nœuds n&apos;est joignable : %1 ; le cluster tourne-t-il ? (en démarrer un avec : tandem-node local-cluster --nodes 3 --dir DOSSIER)</translation>
    </message>
    <message>
        <source>Note: maintenance mode is on until %1 (UTC): supervision will not replace a failed leader. Turn it off with: tandem-console maintenance off --endpoint …
</source>
        <translation>Remarque : le mode maintenance est actif jusqu&apos;à %1 (UTC) : la supervision ne remplacera pas un leader défaillant. Désactivez-le avec : tandem-console maintenance off --endpoint …
</translation>
    </message>
    <message>
        <source>Could not write %1: %2. Check that the folder exists and is writable.</source>
        <translation>Impossible d&apos;écrire %1 : %2. Vérifiez que le dossier existe et est accessible en écriture.</translation>
    </message>
    <message>
        <source>Wrote %1 (PNG of the console window).</source>
        <translation>%1 écrit (PNG de la fenêtre de la console).</translation>
    </message>
    <message>
        <source>Wrote %1 (%2, %3 bytes).</source>
        <translation>%1 écrit (%2, %3 octets).</translation>
    </message>
    <message>
        <source>Cancelling at the next safe point…</source>
        <translation>Annulation au prochain point sûr…</translation>
    </message>
</context>
<context>
    <name>NodePalette</name>
    <message>
        <source>Good</source>
        <translation>Bon</translation>
    </message>
    <message>
        <source>Bad</source>
        <translation>Mauvais</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Injoignable</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Failover</source>
        <translation>Basculement</translation>
    </message>
    <message>
        <source>Switchover</source>
        <translation>Bascule</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Resync</source>
        <translation>Resynchronisation</translation>
    </message>
    <message>
        <source>Membership</source>
        <translation>Appartenance</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Opération</translation>
    </message>
</context>
<context>
    <name>NodeText</name>
    <message>
        <source>good</source>
        <translation>bon</translation>
    </message>
    <message>
        <source>bad</source>
        <translation>mauvais</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>en échec</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>injoignable</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>leader</source>
        <translation>leader</translation>
    </message>
    <message>
        <source>follower</source>
        <translation>suiveur</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>retiré</translation>
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
        <translation>%1 j %2 h</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Point d&apos;accès</translation>
    </message>
    <message>
        <source>, draining</source>
        <translation>, en drainage</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Appliqué</translation>
    </message>
    <message>
        <source>term %1, tick %2</source>
        <translation>mandat %1, tick %2</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Retard</translation>
    </message>
    <message>
        <source>%1 ticks, %2 ms</source>
        <translation>%1 ticks, %2 ms</translation>
    </message>
    <message>
        <source>Heartbeat age</source>
        <translation>Âge du battement de cœur</translation>
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
        <translation>Temps de fonctionnement</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>Applier</source>
        <translation>Applicateur</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Injoignable</translation>
    </message>
</context>
<context>
    <name>TopologyEdgeItem</name>
    <message>
        <source>%1 ms · %2 ticks</source>
        <translation>%1 ms · %2 ticks</translation>
    </message>
</context>
<context>
    <name>TopologyNodeItem</name>
    <message>
        <source>leader</source>
        <translation>leader</translation>
    </message>
    <message>
        <source>follower</source>
        <translation>suiveur</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>retiré</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
    <message>
        <source>(id unknown)</source>
        <translation>(id inconnu)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Point d&apos;accès</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Draining</source>
        <translation>En drainage</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Appliqué</translation>
    </message>
    <message>
        <source>tick %1, term %2</source>
        <translation>tick %1, mandat %2</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Retard</translation>
    </message>
    <message>
        <source>%1 ms, %2 ticks</source>
        <translation>%1 ms, %2 ticks</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>Battement de cœur</translation>
    </message>
    <message>
        <source>%1 ms ago</source>
        <translation>il y a %1 ms</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Temps de fonctionnement</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Processus</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>pid %1</translation>
    </message>
    <message>
        <source>Applier</source>
        <translation>Applicateur</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>LEADER</source>
        <translation>LEADER</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>injoignable</translation>
    </message>
    <message>
        <source>draining</source>
        <translation>en drainage</translation>
    </message>
    <message>
        <source>agent leader</source>
        <translation>leader de l&apos;agence</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>agent</translation>
    </message>
    <message>
        <source>&lt;b&gt;Agent&lt;/b&gt; %1&lt;br&gt;%2</source>
        <translation>&lt;b&gt;Agent&lt;/b&gt; %1&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>Agency leader</source>
        <translation>Leader de l&apos;agence</translation>
    </message>
    <message>
        <source>Last acknowledged %1 s ago</source>
        <translation>Dernier acquittement il y a %1 s</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Tandem admin console: live topology, replication lag and cluster operations.
Headless commands: status, export, switchover, drain, remove, upgrade, maintenance (tandem-console &lt;command&gt; --help).</source>
        <translation>Console d&apos;administration Tandem : topologie en direct, retard de réplication et opérations sur le cluster.
Commandes sans fenêtre : status, export, switchover, drain, remove, upgrade, maintenance (tandem-console &lt;commande&gt; --help).</translation>
    </message>
    <message>
        <source>A node to connect to (repeatable).</source>
        <translation>Un nœud auquel se connecter (répétable).</translation>
    </message>
    <message>
        <source>Poll interval in milliseconds.</source>
        <translation>Intervalle d&apos;interrogation en millisecondes.</translation>
    </message>
    <message>
        <source>Language (de, fr, en).</source>
        <translation>Langue (de, fr, en).</translation>
    </message>
    <message>
        <source>User name for basic authentication (password from TANDEM_PASSWORD).</source>
        <translation>Nom d&apos;utilisateur pour l&apos;authentification basique (mot de passe lu dans TANDEM_PASSWORD).</translation>
    </message>
    <message>
        <source>File holding a JWT bearer token.</source>
        <translation>Fichier contenant un jeton JWT (bearer).</translation>
    </message>
    <message>
        <source>tandem-console: not an endpoint: %1</source>
        <translation>tandem-console : point d&apos;accès non valide : %1</translation>
    </message>
    <message>
        <source>tandem-console: --interval must be at least 100 ms</source>
        <translation>tandem-console : --interval doit valoir au moins 100 ms</translation>
    </message>
    <message>
        <source>tandem-console: cannot read %1: %2</source>
        <translation>tandem-console : impossible de lire %1 : %2</translation>
    </message>
</context>
<context>
    <name>tandem::console::ApiClient</name>
    <message>
        <source>no answer within %1 ms</source>
        <translation>pas de réponse en %1 ms</translation>
    </message>
    <message>
        <source>no HTTP answer</source>
        <translation>pas de réponse HTTP</translation>
    </message>
</context>
<context>
    <name>tandem::console::ClusterHeader</name>
    <message>
        <source>Writes at risk</source>
        <translation>Écritures à risque</translation>
    </message>
    <message>
        <source>Acknowledged operations no follower has yet</source>
        <translation>Opérations acquittées qu&apos;aucun suiveur n&apos;a encore</translation>
    </message>
    <message>
        <source>● Not connected</source>
        <translation>● Non connecté</translation>
    </message>
    <message>
        <source>● Connecting to %1…</source>
        <translation>● Connexion à %1…</translation>
    </message>
    <message>
        <source>● Connected</source>
        <translation>● Connecté</translation>
    </message>
    <message>
        <source>Last poll round %1 at %2</source>
        <translation>Dernier tour d&apos;interrogation %1 à %2</translation>
    </message>
    <message>
        <source>● Disconnected</source>
        <translation>● Déconnecté</translation>
    </message>
    <message>
        <source>Leader %1 (term %2)</source>
        <translation>Leader %1 (mandat %2)</translation>
    </message>
    <message>
        <source>No leader</source>
        <translation>Aucun leader</translation>
    </message>
    <message>
        <source>%1 of %2 nodes good · %3 agents</source>
        <translation>%1 nœuds sur %2 en bon état · %3 agents</translation>
    </message>
    <message>
        <source>⚠ Maintenance mode until %1: automatic failover is off. Turn it off with Cluster → Maintenance mode.</source>
        <translation>⚠ Mode maintenance jusqu&apos;à %1 : le basculement automatique est désactivé. Désactivez-le via Cluster → Mode maintenance.</translation>
    </message>
</context>
<context>
    <name>tandem::console::ClusterOperation</name>
    <message>
        <source>the cluster is busy (%1); trying again</source>
        <translation>le cluster est occupé (%1) ; nouvel essai</translation>
    </message>
    <message>
        <source>%1 Last seen: %2</source>
        <translation>%1 Dernier état : %2</translation>
    </message>
    <message>
        <source>the leader is still %1</source>
        <translation>le leader est toujours %1</translation>
    </message>
    <message>
        <source>%1 leads and serves</source>
        <translation>%1 est leader et répond</translation>
    </message>
    <message>
        <source>%1 leads but does not serve yet (%2)</source>
        <translation>%1 est leader mais ne répond pas encore (%2)</translation>
    </message>
    <message>
        <source>%1 is not registered yet</source>
        <translation>%1 n&apos;est pas encore enregistré</translation>
    </message>
    <message>
        <source>%1 was removed from the cluster meanwhile; it cannot catch up. Check the cluster with tandem-console status.</source>
        <translation>%1 a entre-temps été retiré du cluster ; il ne peut pas rattraper son retard. Vérifiez le cluster avec tandem-console status.</translation>
    </message>
    <message>
        <source>%1 leads</source>
        <translation>%1 est leader</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1 est %2</translation>
    </message>
    <message>
        <source>%1 is in sync</source>
        <translation>%1 est synchronisé</translation>
    </message>
    <message>
        <source>%1 is %2 ticks behind (%3 s)</source>
        <translation>%1 a %2 ticks de retard (%3 s)</translation>
    </message>
</context>
<context>
    <name>tandem::console::ClusterPoller</name>
    <message>
        <source>no answer before the poll round ended (%1 ms)</source>
        <translation>pas de réponse avant la fin du tour d&apos;interrogation (%1 ms)</translation>
    </message>
    <message>
        <source>not polled this round</source>
        <translation>non interrogé lors de ce tour</translation>
    </message>
    <message>
        <source>No node of the cluster answered (%1). Check that the nodes run and that the endpoints are right.</source>
        <translation>Aucun nœud du cluster n&apos;a répondu (%1). Vérifiez que les nœuds tournent et que les points d&apos;accès sont corrects.</translation>
    </message>
    <message>
        <source>no endpoint given</source>
        <translation>aucun point d&apos;accès indiqué</translation>
    </message>
</context>
<context>
    <name>tandem::console::ConnectDialog</name>
    <message>
        <source>Connect to a Tandem cluster</source>
        <translation>Se connecter à un cluster Tandem</translation>
    </message>
    <message>
        <source>http://host:port (any node of the cluster)</source>
        <translation>http://hôte:port (n&apos;importe quel nœud du cluster)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>User and password (basic)</source>
        <translation>Utilisateur et mot de passe (basique)</translation>
    </message>
    <message>
        <source>JWT bearer token</source>
        <translation>Jeton JWT (bearer)</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>Point d&apos;accès :</translation>
    </message>
    <message>
        <source>Credentials:</source>
        <translation>Identifiants :</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Utilisateur :</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
    <message>
        <source>JWT token:</source>
        <translation>Jeton JWT :</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connecter</translation>
    </message>
    <message>
        <source>Enter the endpoint of any node, e.g. http://127.0.0.1:8530.</source>
        <translation>Saisissez le point d&apos;accès de n&apos;importe quel nœud, par exemple http://127.0.0.1:8530.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an endpoint; write http://host:port.</source>
        <translation>« %1 » n&apos;est pas un point d&apos;accès ; écrivez http://hôte:port.</translation>
    </message>
</context>
<context>
    <name>tandem::console::CredentialsDialog</name>
    <message>
        <source>User:</source>
        <translation>Utilisateur :</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
    <message>
        <source>JWT token:</source>
        <translation>Jeton JWT :</translation>
    </message>
    <message>
        <source>Credentials required</source>
        <translation>Identifiants requis</translation>
    </message>
    <message>
        <source>User and password (basic)</source>
        <translation>Utilisateur et mot de passe (basique)</translation>
    </message>
    <message>
        <source>JWT bearer token</source>
        <translation>Jeton JWT (bearer)</translation>
    </message>
    <message>
        <source>%1 asks for credentials (HTTP 401). Enter them to continue polling; they are kept for this session only.</source>
        <translation>%1 demande des identifiants (HTTP 401). Saisissez-les pour continuer l&apos;interrogation ; ils ne sont conservés que pour cette session.</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Méthode :</translation>
    </message>
</context>
<context>
    <name>tandem::console::DrainOperation</name>
    <message>
        <source>Drain %1</source>
        <translation>Drainer %1</translation>
    </message>
    <message>
        <source>%1 stops serving: it leaves the list of endpoints clients use and can no longer become the leader. If it leads, it first hands over to its most advanced follower. It keeps running until you remove it.</source>
        <translation>%1 cesse de servir : il quitte la liste des points d&apos;accès utilisée par les clients et ne peut plus devenir leader. S&apos;il est leader, il passe d&apos;abord la main à son suiveur le plus avancé. Il continue de tourner jusqu&apos;à ce que vous le retiriez.</translation>
    </message>
    <message>
        <source>Find the leader and %1</source>
        <translation>Trouver le leader et %1</translation>
    </message>
    <message>
        <source>Ask the cluster to drain %1</source>
        <translation>Demander au cluster de drainer %1</translation>
    </message>
    <message>
        <source>Wait until %1 is draining and does not lead</source>
        <translation>Attendre que %1 soit en drainage et ne soit plus leader</translation>
    </message>
    <message>
        <source>There is no server %1 in the cluster (or it was removed already). Check the name with tandem-console status.</source>
        <translation>Il n&apos;y a pas de serveur %1 dans le cluster (ou il a déjà été retiré). Vérifiez le nom avec tandem-console status.</translation>
    </message>
    <message>
        <source>%1 is draining already: nothing to do.</source>
        <translation>%1 est déjà en drainage : rien à faire.</translation>
    </message>
    <message>
        <source>%1 leads: it hands over to a follower first</source>
        <translation>%1 est leader : il passe d&apos;abord la main à un suiveur</translation>
    </message>
    <message>
        <source>Draining %1 was refused: %2. Check the cluster with tandem-console status and try again.</source>
        <translation>Le drainage de %1 a été refusé : %2. Vérifiez le cluster avec tandem-console status et réessayez.</translation>
    </message>
    <message>
        <source>%1 is gone</source>
        <translation>%1 a disparu</translation>
    </message>
    <message>
        <source>%1 is not draining yet</source>
        <translation>%1 n&apos;est pas encore en drainage</translation>
    </message>
    <message>
        <source>%1 still leads</source>
        <translation>%1 est toujours leader</translation>
    </message>
    <message>
        <source>%1 is draining</source>
        <translation>%1 est en drainage</translation>
    </message>
    <message>
        <source>%1 was not shown as draining within %2 s. Check the cluster with tandem-console status.</source>
        <translation>%1 n&apos;est pas apparu en drainage dans les %2 s. Vérifiez le cluster avec tandem-console status.</translation>
    </message>
    <message>
        <source>%1 is drained: it no longer serves clients. Remove it next (tandem-console remove --server %2).</source>
        <translation>%1 est drainé : il ne sert plus les clients. Retirez-le ensuite (tandem-console remove --server %2).</translation>
    </message>
    <message>
        <source>the outcome of the drain is unknown (%1); checking the cluster</source>
        <translation>le résultat du drainage est inconnu (%1) ; vérification du cluster</translation>
    </message>
</context>
<context>
    <name>tandem::console::EventLog</name>
    <message>
        <source>connection</source>
        <translation>connexion</translation>
    </message>
    <message>
        <source>failover</source>
        <translation>basculement</translation>
    </message>
    <message>
        <source>switchover</source>
        <translation>bascule</translation>
    </message>
    <message>
        <source>health</source>
        <translation>santé</translation>
    </message>
    <message>
        <source>resync</source>
        <translation>resynchronisation</translation>
    </message>
    <message>
        <source>membership</source>
        <translation>appartenance</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>maintenance</translation>
    </message>
    <message>
        <source>operation</source>
        <translation>opération</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
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
        <translation>Figer le graphique pour remonter dans l&apos;historique de cette session</translation>
    </message>
    <message>
        <source>Show the lag in ticks (oplog entries) instead of milliseconds</source>
        <translation>Afficher le retard en ticks (entrées de l&apos;oplog) plutôt qu&apos;en millisecondes</translation>
    </message>
    <message>
        <source>Pause the chart to scroll back in time</source>
        <translation>Mettre le graphique en pause pour remonter dans le temps</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
</context>
<context>
    <name>tandem::console::LagChartView</name>
    <message>
        <source>Replication lag per follower</source>
        <translation>Retard de réplication par suiveur</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Lag (ticks)</source>
        <translation>Retard (ticks)</translation>
    </message>
    <message>
        <source>Lag (ms)</source>
        <translation>Retard (ms)</translation>
    </message>
</context>
<context>
    <name>tandem::console::LaunchClusterDialog</name>
    <message>
        <source>Launch</source>
        <translation>Lancer</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Launch a local cluster</source>
        <translation>Lancer un cluster local</translation>
    </message>
    <message>
        <source> nodes</source>
        <translation> nœuds</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Taille :</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Dossier :</translation>
    </message>
    <message>
        <source>Base port:</source>
        <translation>Port de base :</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>Sortie :</translation>
    </message>
    <message>
        <source>Folder for the local cluster</source>
        <translation>Dossier du cluster local</translation>
    </message>
    <message>
        <source>Cannot create the folder &quot;%1&quot;: choose a writable folder.</source>
        <translation>Impossible de créer le dossier « %1 » : choisissez un dossier accessible en écriture.</translation>
    </message>
    <message>
        <source>A local cluster is already running: stop it first (File → Stop local cluster).</source>
        <translation>Un cluster local tourne déjà : arrêtez-le d&apos;abord (Fichier → Arrêter le cluster local).</translation>
    </message>
    <message>
        <source>Starting %1 nodes…</source>
        <translation>Démarrage de %1 nœuds…</translation>
    </message>
    <message>
        <source>Ready: %1. Connected.</source>
        <translation>Prêt : %1. Connecté.</translation>
    </message>
</context>
<context>
    <name>tandem::console::LocalCluster</name>
    <message>
        <source>The local cluster did not get ready within %1 s; it is being stopped. Its output:
%2</source>
        <translation>Le cluster local n&apos;était pas prêt au bout de %1 s ; il est arrêté. Sa sortie :
%2</translation>
    </message>
    <message>
        <source>Could not run %1: %2. Set the tandem-node binary (TANDEM_NODE_BINARY) and try again.</source>
        <translation>Impossible d&apos;exécuter %1 : %2. Indiquez l&apos;exécutable tandem-node (TANDEM_NODE_BINARY) et réessayez.</translation>
    </message>
    <message>
        <source>tandem-node local-cluster exited (code %1) before the cluster was ready. Its output:
%2</source>
        <translation>tandem-node local-cluster s&apos;est terminé (code %1) avant que le cluster soit prêt. Sa sortie :
%2</translation>
    </message>
    <message>
        <source>tandem-node was not found: set TANDEM_NODE_BINARY, or put it on PATH or next to tandem-console.</source>
        <translation>tandem-node est introuvable : définissez TANDEM_NODE_BINARY, ou placez-le dans le PATH ou à côté de tandem-console.</translation>
    </message>
</context>
<context>
    <name>tandem::console::MainWindow</name>
    <message>
        <source>Tandem Console</source>
        <translation>Console Tandem</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Journal des événements</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Cluster</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>Poll &amp;interval</source>
        <translation>&amp;Intervalle d&apos;interrogation</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principale</translation>
    </message>
    <message>
        <source>Stopping the local cluster…</source>
        <translation>Arrêt du cluster local…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connexion à %1…</translation>
    </message>
    <message>
        <source>Round %1 · %2 · every %3 ms</source>
        <translation>Tour %1 · %2 · toutes les %3 ms</translation>
    </message>
    <message>
        <source>Tandem Console — not connected</source>
        <translation>Console Tandem — non connectée</translation>
    </message>
    <message>
        <source>Tandem Console — leader %1</source>
        <translation>Console Tandem — leader %1</translation>
    </message>
    <message>
        <source>Tandem Console — no leader</source>
        <translation>Console Tandem — aucun leader</translation>
    </message>
    <message>
        <source>Selected %1 (%2)</source>
        <translation>%1 sélectionné (%2)</translation>
    </message>
    <message>
        <source>The local cluster stopped (exit code %1).</source>
        <translation>Le cluster local s&apos;est arrêté (code de sortie %1).</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>Status snapshot (*.json)</source>
        <translation>Instantané de l&apos;état (*.json)</translation>
    </message>
    <message>
        <source>Lag history (*.csv)</source>
        <translation>Historique du retard (*.csv)</translation>
    </message>
    <message>
        <source>Window image (*.png)</source>
        <translation>Image de la fenêtre (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Échec de l&apos;export</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Exporté vers %1</translation>
    </message>
    <message>
        <source>Could not write the image %1: check that the folder exists and is writable.</source>
        <translation>Impossible d&apos;écrire l&apos;image %1 : vérifiez que le dossier existe et est accessible en écriture.</translation>
    </message>
    <message>
        <source>Unknown export format &quot;%1&quot;: name the file .json, .csv or .png.</source>
        <translation>Format d&apos;export inconnu « %1 » : nommez le fichier .json, .csv ou .png.</translation>
    </message>
    <message>
        <source>Could not write %1: %2. Choose another folder.</source>
        <translation>Impossible d&apos;écrire %1 : %2. Choisissez un autre dossier.</translation>
    </message>
    <message>
        <source>About Tandem Console</source>
        <translation>À propos de la console Tandem</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tandem Console %1&lt;/h3&gt;&lt;p&gt;The admin console of Tandem, an active-failover document store with an ArangoDB-compatible API.&lt;/p&gt;&lt;p&gt;Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Console Tandem %1&lt;/h3&gt;&lt;p&gt;La console d&apos;administration de Tandem, une base documentaire à basculement actif (active failover) dotée d&apos;une API compatible ArangoDB.&lt;/p&gt;&lt;p&gt;Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Stopping the local cluster, then quitting…</source>
        <translation>Arrêt du cluster local, puis sortie…</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>Connecté.</translation>
    </message>
    <message>
        <source>Lost the cluster: %1</source>
        <translation>Cluster perdu : %1</translation>
    </message>
    <message>
        <source>Stop the local cluster?

A cluster launched from this console is still running.
Yes: stop its nodes in order, then quit.
No: quit now; its nodes are stopped as the console exits.
Cancel: keep the console open.</source>
        <translation>Arrêter le cluster local ?

Un cluster lancé depuis cette console tourne encore.
Oui : arrêter ses nœuds dans l&apos;ordre, puis quitter.
Non : quitter maintenant ; ses nœuds sont arrêtés à la sortie de la console.
Annuler : garder la console ouverte.</translation>
    </message>
</context>
<context>
    <name>tandem::console::MaintenanceOperation</name>
    <message>
        <source>Turn maintenance mode on</source>
        <translation>Activer le mode maintenance</translation>
    </message>
    <message>
        <source>Turn maintenance mode off</source>
        <translation>Désactiver le mode maintenance</translation>
    </message>
    <message>
        <source>Supervision stops for 60 minutes: a failed leader is NOT replaced automatically until maintenance mode is turned off or expires.</source>
        <translation>La supervision s&apos;arrête pendant 60 minutes : un leader défaillant n&apos;est PAS remplacé automatiquement tant que le mode maintenance n&apos;est pas désactivé ou expiré.</translation>
    </message>
    <message>
        <source>Supervision resumes: a failed leader is replaced automatically again.</source>
        <translation>La supervision reprend : un leader défaillant est de nouveau remplacé automatiquement.</translation>
    </message>
    <message>
        <source>Find the leader</source>
        <translation>Trouver le leader</translation>
    </message>
    <message>
        <source>Confirm it in the cluster health</source>
        <translation>Confirmer dans l&apos;état de santé du cluster</translation>
    </message>
    <message>
        <source>Maintenance mode could not be turned %1: %2. Try again, or check the cluster with tandem-console status.</source>
        <translation>Le mode maintenance n&apos;a pas pu passer à %1 : %2. Réessayez, ou vérifiez le cluster avec tandem-console status.</translation>
    </message>
    <message>
        <source>on</source>
        <translation>on</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>the health does not show maintenance mode yet</source>
        <translation>l&apos;état de santé n&apos;indique pas encore le mode maintenance</translation>
    </message>
    <message>
        <source>the health still shows maintenance mode</source>
        <translation>l&apos;état de santé indique toujours le mode maintenance</translation>
    </message>
    <message>
        <source>The cluster health did not confirm the change within %1 s. Check it with tandem-console status.</source>
        <translation>L&apos;état de santé du cluster n&apos;a pas confirmé le changement dans les %1 s. Vérifiez-le avec tandem-console status.</translation>
    </message>
    <message>
        <source>Maintenance mode is on: supervision will not fail over for 60 minutes. Turn it off when you are done.</source>
        <translation>Le mode maintenance est activé : la supervision ne basculera pas pendant 60 minutes. Désactivez-le quand vous avez terminé.</translation>
    </message>
    <message>
        <source>Maintenance mode is off: supervision is active again.</source>
        <translation>Le mode maintenance est désactivé : la supervision est de nouveau active.</translation>
    </message>
    <message>
        <source>the outcome is unknown (%1); checking the cluster</source>
        <translation>le résultat est inconnu (%1) ; vérification du cluster</translation>
    </message>
</context>
<context>
    <name>tandem::console::NodeActions</name>
    <message>
        <source>&amp;Connect…</source>
        <translation>Se &amp;connecter…</translation>
    </message>
    <message>
        <source>Connect to a cluster by one of its endpoints</source>
        <translation>Se connecter à un cluster par l&apos;un de ses points d&apos;accès</translation>
    </message>
    <message>
        <source>&amp;Launch local cluster…</source>
        <translation>&amp;Lancer un cluster local…</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Start a local cluster of tandem-node processes and connect to it</source>
        <translation>Démarrer un cluster local de processus tandem-node et s&apos;y connecter</translation>
    </message>
    <message>
        <source>&amp;Stop local cluster</source>
        <translation>&amp;Arrêter le cluster local</translation>
    </message>
    <message>
        <source>Stop the local cluster launched from this console</source>
        <translation>Arrêter le cluster local lancé depuis cette console</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export a status snapshot (JSON), the lag history (CSV) or the window (PNG)</source>
        <translation>Exporter un instantané de l&apos;état (JSON), l&apos;historique du retard (CSV) ou la fenêtre (PNG)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Quit the console</source>
        <translation>Quitter la console</translation>
    </message>
    <message>
        <source>&amp;Promote / switch over</source>
        <translation>&amp;Promouvoir / basculer</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Make the selected follower the leader (planned switchover)</source>
        <translation>Faire du suiveur sélectionné le leader (bascule planifiée)</translation>
    </message>
    <message>
        <source>&amp;Drain</source>
        <translation>&amp;Drainer</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Take the selected node out of failover and client endpoints</source>
        <translation>Retirer le nœud sélectionné du basculement et des points d&apos;accès des clients</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Retirer</translation>
    </message>
    <message>
        <source>Deregister the selected drained node</source>
        <translation>Désinscrire le nœud drainé sélectionné</translation>
    </message>
    <message>
        <source>&amp;Upgrade follower</source>
        <translation>Mettre à &amp;niveau le suiveur</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>Restart the selected follower with the upgrade step, wait until in sync</source>
        <translation>Redémarrer le suiveur sélectionné avec l&apos;étape de mise à niveau, attendre qu&apos;il soit synchronisé</translation>
    </message>
    <message>
        <source>Re&amp;place node…</source>
        <translation>Rempla&amp;cer le nœud…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Bring in a new node, then drain and remove the selected one</source>
        <translation>Ajouter un nouveau nœud, puis drainer et retirer le nœud sélectionné</translation>
    </message>
    <message>
        <source>Rolling up&amp;grade</source>
        <translation>Mise à niveau pro&amp;gressive</translation>
    </message>
    <message>
        <source>Upgrade every follower, switch over, then upgrade the old leader</source>
        <translation>Mettre à niveau chaque suiveur, basculer, puis mettre à niveau l&apos;ancien leader</translation>
    </message>
    <message>
        <source>&amp;Maintenance mode</source>
        <translation>Mode &amp;maintenance</translation>
    </message>
    <message>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <source>Turn supervision maintenance (no automatic failover) on or off</source>
        <translation>Activer ou désactiver le mode maintenance de la supervision (pas de basculement automatique)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Ac&amp;tualiser</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Poll the cluster now</source>
        <translation>Interroger le cluster maintenant</translation>
    </message>
    <message>
        <source>&amp;Pause chart</source>
        <translation>&amp;Figer le graphique</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Freeze the lag chart to scroll back over the session</source>
        <translation>Figer le graphique du retard pour remonter dans la session</translation>
    </message>
    <message>
        <source>&amp;About Tandem Console</source>
        <translation>À &amp;propos de la console Tandem</translation>
    </message>
    <message>
        <source>Version and licence</source>
        <translation>Version et licence</translation>
    </message>
    <message>
        <source>Poll every %1 ms</source>
        <translation>Interroger toutes les %1 ms</translation>
    </message>
    <message>
        <source>Poll every %1 s</source>
        <translation>Interroger toutes les %1 s</translation>
    </message>
    <message>
        <source>Disabled: not connected to a cluster.</source>
        <translation>Désactivé : non connecté à un cluster.</translation>
    </message>
    <message>
        <source>Disabled: another operation is running; wait for it to end.</source>
        <translation>Désactivé : une autre opération est en cours ; attendez qu&apos;elle se termine.</translation>
    </message>
    <message>
        <source>Disabled: needs a leader and at least one follower.</source>
        <translation>Désactivé : nécessite un leader et au moins un suiveur.</translation>
    </message>
    <message>
        <source>Disabled: select a node in the topology or the table first.</source>
        <translation>Désactivé : sélectionnez d&apos;abord un nœud dans la topologie ou le tableau.</translation>
    </message>
    <message>
        <source>Disabled: %1 is not a follower.</source>
        <translation>Désactivé : %1 n&apos;est pas un suiveur.</translation>
    </message>
    <message>
        <source>Disabled: %1 is not healthy (%2).</source>
        <translation>Désactivé : %1 n&apos;est pas en bonne santé (%2).</translation>
    </message>
    <message>
        <source>Disabled: %1 is draining.</source>
        <translation>Désactivé : %1 est en drainage.</translation>
    </message>
    <message>
        <source>Disabled: %1 is not in sync (%2 ticks behind).</source>
        <translation>Désactivé : %1 n&apos;est pas synchronisé (%2 ticks de retard).</translation>
    </message>
    <message>
        <source>Disabled: %1 is removed.</source>
        <translation>Désactivé : %1 est retiré.</translation>
    </message>
    <message>
        <source>Disabled: %1 is already draining.</source>
        <translation>Désactivé : %1 est déjà en drainage.</translation>
    </message>
    <message>
        <source>Disabled: %1 is already removed.</source>
        <translation>Désactivé : %1 est déjà retiré.</translation>
    </message>
    <message>
        <source>Disabled: %1 is not draining; drain it first (Ctrl+D).</source>
        <translation>Désactivé : %1 n&apos;est pas drainé ; drainez-le d&apos;abord (Ctrl+D).</translation>
    </message>
    <message>
        <source>Disabled: %1 is not a follower; switch over first or use rolling upgrade.</source>
        <translation>Désactivé : %1 n&apos;est pas un suiveur ; basculez d&apos;abord ou utilisez la mise à niveau progressive.</translation>
    </message>
</context>
<context>
    <name>tandem::console::NodeTableModel</name>
    <message>
        <source>%1, draining</source>
        <translation>%1, en drainage</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Point d&apos;accès</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Applied tick</source>
        <translation>Tick appliqué</translation>
    </message>
    <message>
        <source>Lag (ticks)</source>
        <translation>Retard (ticks)</translation>
    </message>
    <message>
        <source>Lag (ms)</source>
        <translation>Retard (ms)</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Temps de fonctionnement</translation>
    </message>
</context>
<context>
    <name>tandem::console::Operation</name>
    <message>
        <source>Cancelled before the first step: nothing was sent to the cluster.</source>
        <translation>Annulé avant la première étape : rien n&apos;a été envoyé au cluster.</translation>
    </message>
    <message>
        <source>Cancelled during step %1 of %2 (%3). Requests already sent to the cluster are not undone and the later steps were not run; check the cluster with tandem-console status before trying again.</source>
        <translation>Annulé pendant l&apos;étape %1 sur %2 (%3). Les requêtes déjà envoyées au cluster ne sont pas annulées et les étapes suivantes n&apos;ont pas été exécutées ; vérifiez le cluster avec tandem-console status avant de réessayer.</translation>
    </message>
</context>
<context>
    <name>tandem::console::OperationDialog</name>
    <message>
        <source>Run</source>
        <translation>Exécuter</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Stop at the next safe point; what was done is not undone</source>
        <translation>S&apos;arrêter au prochain point sûr ; ce qui a été fait n&apos;est pas défait</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Démarré : %1</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Réussi</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échoué</translation>
    </message>
    <message>
        <source>%1: %2 — %3</source>
        <translation>%1 : %2 — %3</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
</context>
<context>
    <name>tandem::console::RemoveOperation</name>
    <message>
        <source>Remove %1</source>
        <translation>Retirer %1</translation>
    </message>
    <message>
        <source>%1 is removed from the cluster for good: it is deregistered, stops serving and cannot rejoin with its data (start it again with an empty directory to add it as a new node). Only a drained node can be removed.</source>
        <translation>%1 est retiré définitivement du cluster : il est désinscrit, cesse de servir et ne peut pas revenir avec ses données (redémarrez-le avec un dossier vide pour l&apos;ajouter comme nouveau nœud). Seul un nœud drainé peut être retiré.</translation>
    </message>
    <message>
        <source>Check that %1 is drained</source>
        <translation>Vérifier que %1 est drainé</translation>
    </message>
    <message>
        <source>Ask the leader to remove %1</source>
        <translation>Demander au leader de retirer %1</translation>
    </message>
    <message>
        <source>Wait until %1 is removed</source>
        <translation>Attendre que %1 soit retiré</translation>
    </message>
    <message>
        <source>There is no server %1 in the cluster. Check the name with tandem-console status.</source>
        <translation>Il n&apos;y a pas de serveur %1 dans le cluster. Vérifiez le nom avec tandem-console status.</translation>
    </message>
    <message>
        <source>%1 is removed already: nothing to do.</source>
        <translation>%1 est déjà retiré : rien à faire.</translation>
    </message>
    <message>
        <source>%1 leads and cannot be removed. Drain it first (it hands over to a follower): tandem-console drain --server %2</source>
        <translation>%1 est leader et ne peut pas être retiré. Drainez-le d&apos;abord (il passe la main à un suiveur) : tandem-console drain --server %2</translation>
    </message>
    <message>
        <source>%1 is not drained: drain it first (tandem-console drain --server %2), then remove it.</source>
        <translation>%1 n&apos;est pas drainé : drainez-le d&apos;abord (tandem-console drain --server %2), puis retirez-le.</translation>
    </message>
    <message>
        <source>Removing %1 was refused: %2. Check the cluster with tandem-console status and try again.</source>
        <translation>Le retrait de %1 a été refusé : %2. Vérifiez le cluster avec tandem-console status et réessayez.</translation>
    </message>
    <message>
        <source>%1 is removed</source>
        <translation>%1 est retiré</translation>
    </message>
    <message>
        <source>%1 is still registered</source>
        <translation>%1 est toujours enregistré</translation>
    </message>
    <message>
        <source>%1 was not shown as removed within %2 s. Check the cluster with tandem-console status.</source>
        <translation>%1 n&apos;est pas apparu comme retiré dans les %2 s. Vérifiez le cluster avec tandem-console status.</translation>
    </message>
    <message>
        <source>%1 is removed from the cluster. Its process still runs: stop it when you no longer need it.</source>
        <translation>%1 est retiré du cluster. Son processus tourne encore : arrêtez-le quand vous n&apos;en avez plus besoin.</translation>
    </message>
    <message>
        <source>the outcome of the removal is unknown (%1); checking the cluster</source>
        <translation>le résultat du retrait est inconnu (%1) ; vérification du cluster</translation>
    </message>
</context>
<context>
    <name>tandem::console::ReplaceNodeWizard</name>
    <message>
        <source>Replace a node</source>
        <translation>Remplacer un nœud</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Remplacer</translation>
    </message>
    <message>
        <source>Node to replace</source>
        <translation>Nœud à remplacer</translation>
    </message>
    <message>
        <source>The node is drained and removed once its replacement is in sync; a leader is switched over to the new node first.</source>
        <translation>Le nœud est drainé puis retiré dès que son remplaçant est synchronisé ; un leader bascule d&apos;abord vers le nouveau nœud.</translation>
    </message>
    <message>
        <source>leader</source>
        <translation>leader</translation>
    </message>
    <message>
        <source>follower</source>
        <translation>suiveur</translation>
    </message>
    <message>
        <source>Replace:</source>
        <translation>Remplacer :</translation>
    </message>
    <message>
        <source>The new node</source>
        <translation>Le nouveau nœud</translation>
    </message>
    <message>
        <source>Attach a node you started (a data node naming this cluster&apos;s agency), or let the console launch one on this machine.</source>
        <translation>Rattachez un nœud que vous avez démarré (un nœud de données qui désigne l&apos;agence de ce cluster), ou laissez la console en lancer un sur cette machine.</translation>
    </message>
    <message>
        <source>Attach a running node by endpoint</source>
        <translation>Rattacher un nœud en marche par son point d&apos;accès</translation>
    </message>
    <message>
        <source>Launch a new node locally</source>
        <translation>Lancer un nouveau nœud en local</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>n&apos;importe quel port libre</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>Point d&apos;accès :</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Dossier de données :</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port :</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <source>Shut the old node down after it is removed</source>
        <translation>Arrêter l&apos;ancien nœud après son retrait</translation>
    </message>
    <message>
        <source>Write the endpoint as http://host:port.</source>
        <translation>Écrivez le point d&apos;accès sous la forme http://hôte:port.</translation>
    </message>
    <message>
        <source>✗ %1 — start the node first, or check the address.</source>
        <translation>✗ %1 — démarrez d&apos;abord le nœud, ou vérifiez l&apos;adresse.</translation>
    </message>
    <message>
        <source>✓ %1 answers.</source>
        <translation>✓ %1 répond.</translation>
    </message>
    <message>
        <source>✗ That is the node being replaced: give the new node&apos;s endpoint.</source>
        <translation>✗ C&apos;est le nœud à remplacer : indiquez le point d&apos;accès du nouveau nœud.</translation>
    </message>
    <message>
        <source>a new node launched locally in %1</source>
        <translation>un nouveau nœud lancé en local dans %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&lt;p&gt;Replace &lt;b&gt;%1&lt;/b&gt; with &lt;b&gt;%2&lt;/b&gt;.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Wait until the new node is registered and in sync.&lt;/li&gt;&lt;li&gt;If the old node leads, switch over to the new one.&lt;/li&gt;&lt;li&gt;Drain the old node, then remove it.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Press Replace to start; progress is shown next.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Remplacer &lt;b&gt;%1&lt;/b&gt; par &lt;b&gt;%2&lt;/b&gt;.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Attendre que le nouveau nœud soit enregistré et synchronisé.&lt;/li&gt;&lt;li&gt;Si l&apos;ancien nœud est leader, basculer vers le nouveau.&lt;/li&gt;&lt;li&gt;Drainer l&apos;ancien nœud, puis le retirer.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Cliquez sur Remplacer pour commencer ; la progression s&apos;affiche ensuite.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>tandem::console::ReplaceOperation</name>
    <message>
        <source>the new node</source>
        <translation>le nouveau nœud</translation>
    </message>
    <message>
        <source>Replace %1</source>
        <translation>Remplacer %1</translation>
    </message>
    <message>
        <source>A new node is started on this machine (data in %1) and joins the cluster.</source>
        <translation>Un nouveau nœud est démarré sur cette machine (données dans %1) et rejoint le cluster.</translation>
    </message>
    <message>
        <source>The node at %1 joins the cluster.</source>
        <translation>Le nœud à l&apos;adresse %1 rejoint le cluster.</translation>
    </message>
    <message>
        <source>Once it is in sync, %1 is drained (if it leads, the new node takes over first) and removed from the cluster.</source>
        <translation>Une fois celui-ci synchronisé, %1 est drainé (s&apos;il est leader, le nouveau nœud prend d&apos;abord le relais) et retiré du cluster.</translation>
    </message>
    <message>
        <source>Then %1 is shut down.</source>
        <translation>Ensuite, %1 est arrêté.</translation>
    </message>
    <message>
        <source>Launch the new node</source>
        <translation>Lancer le nouveau nœud</translation>
    </message>
    <message>
        <source>Check that %1 answers</source>
        <translation>Vérifier que %1 répond</translation>
    </message>
    <message>
        <source>Wait until the new node is registered and in sync</source>
        <translation>Attendre que le nouveau nœud soit enregistré et synchronisé</translation>
    </message>
    <message>
        <source>Switch over to the new node if %1 leads</source>
        <translation>Basculer vers le nouveau nœud si %1 est leader</translation>
    </message>
    <message>
        <source>Drain %1</source>
        <translation>Drainer %1</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Retirer %1</translation>
    </message>
    <message>
        <source>Stop %1</source>
        <translation>Arrêter %1</translation>
    </message>
    <message>
        <source>There is no server %1 in the cluster to replace. Check the name with tandem-console status.</source>
        <translation>Il n&apos;y a pas de serveur %1 à remplacer dans le cluster. Vérifiez le nom avec tandem-console status.</translation>
    </message>
    <message>
        <source>No node of the cluster answered /_api/agency/config, so the new node would not know the agency. Check the cluster with tandem-console status.</source>
        <translation>Aucun nœud du cluster n&apos;a répondu à /_api/agency/config : le nouveau nœud ne connaîtrait pas l&apos;agence. Vérifiez le cluster avec tandem-console status.</translation>
    </message>
    <message>
        <source>tandem-node was not found (set TANDEM_NODE_BINARY, or put it on PATH or next to tandem-console).</source>
        <translation>tandem-node est introuvable (définissez TANDEM_NODE_BINARY, ou placez-le dans le PATH ou à côté de tandem-console).</translation>
    </message>
    <message>
        <source>Cannot create the data directory &quot;%1&quot;. Choose a folder you can write to.</source>
        <translation>Impossible de créer le dossier de données « %1 ». Choisissez un dossier accessible en écriture.</translation>
    </message>
    <message>
        <source>Could not start %1: %2.</source>
        <translation>Impossible de démarrer %1 : %2.</translation>
    </message>
    <message>
        <source>started %1 (pid %2) on %3, log %4</source>
        <translation>%1 démarré (pid %2) sur %3, journal %4</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an endpoint. Give the new node as http://HOST:PORT.</source>
        <translation>« %1 » n&apos;est pas un point d&apos;accès. Indiquez le nouveau nœud sous la forme http://HÔTE:PORT.</translation>
    </message>
    <message>
        <source>The new node does not answer (%1). Start it first with --cluster.agency-endpoint naming the agents of this cluster.</source>
        <translation>Le nouveau nœud ne répond pas (%1). Démarrez-le d&apos;abord avec --cluster.agency-endpoint désignant les agents de ce cluster.</translation>
    </message>
    <message>
        <source>%1 is the node to replace itself. Give the endpoint of a new node.</source>
        <translation>%1 est le nœud à remplacer lui-même. Indiquez le point d&apos;accès d&apos;un nouveau nœud.</translation>
    </message>
    <message>
        <source>%1 answers as %2</source>
        <translation>%1 répond en tant que %2</translation>
    </message>
    <message>
        <source>%1 does not answer yet</source>
        <translation>%1 ne répond pas encore</translation>
    </message>
    <message>
        <source>The new node %1 was not registered and in sync within %2 s. Check its log; %3 was left as it was.</source>
        <translation>Le nouveau nœud %1 n&apos;était pas enregistré et synchronisé au bout de %2 s. Consultez son journal ; %3 est resté tel quel.</translation>
    </message>
    <message>
        <source>%1 does not lead: no switchover needed</source>
        <translation>%1 n&apos;est pas leader : pas de bascule nécessaire</translation>
    </message>
    <message>
        <source>%1 replaced %2. %3</source>
        <translation>%1 a remplacé %2. %3</translation>
    </message>
    <message>
        <source>%1 replaced %2, which is removed, but it refused to shut down: %3. Stop its process by hand.</source>
        <translation>%1 a remplacé %2, qui est retiré mais a refusé de s&apos;arrêter : %3. Arrêtez son processus à la main.</translation>
    </message>
    <message>
        <source>%1 is still running</source>
        <translation>%1 tourne encore</translation>
    </message>
    <message>
        <source>%1 replaced %2, which is removed, but it did not stop within %3 s. Stop its process by hand.</source>
        <translation>%1 a remplacé %2, qui est retiré mais ne s&apos;est pas arrêté dans les %3 s. Arrêtez son processus à la main.</translation>
    </message>
    <message>
        <source>%1 replaced %2, which is removed and stopped.</source>
        <translation>%1 a remplacé %2, qui est retiré et arrêté.</translation>
    </message>
</context>
<context>
    <name>tandem::console::RollingUpgradeOperation</name>
    <message>
        <source>Rolling upgrade</source>
        <translation>Mise à niveau progressive</translation>
    </message>
    <message>
        <source>Every node is restarted with the upgrade step of the tandem-node binary now installed, one at a time: first each follower (waiting until it is back in sync), then the most advanced follower takes over as leader, then the old leader is upgraded. Writes pause briefly during the switchover.</source>
        <translation>Chaque nœud est redémarré à tour de rôle avec l&apos;étape de mise à niveau de l&apos;exécutable tandem-node maintenant installé : d&apos;abord chaque suiveur (en attendant qu&apos;il soit de nouveau synchronisé), puis le suiveur le plus avancé devient leader, puis l&apos;ancien leader est mis à niveau. Les écritures sont brièvement suspendues pendant la bascule.</translation>
    </message>
    <message>
        <source>Find the leader and the followers</source>
        <translation>Trouver le leader et les suiveurs</translation>
    </message>
    <message>
        <source>Upgrade each follower in turn</source>
        <translation>Mettre à niveau chaque suiveur tour à tour</translation>
    </message>
    <message>
        <source>Switch over to the most advanced follower</source>
        <translation>Basculer vers le suiveur le plus avancé</translation>
    </message>
    <message>
        <source>Upgrade the old leader</source>
        <translation>Mettre à niveau l&apos;ancien leader</translation>
    </message>
    <message>
        <source>Check that the new leader serves</source>
        <translation>Vérifier que le nouveau leader répond</translation>
    </message>
    <message>
        <source>The cluster has no leader now. Wait until one is elected, then start the rolling upgrade again.</source>
        <translation>Le cluster n&apos;a pas de leader pour l&apos;instant. Attendez qu&apos;un leader soit élu, puis relancez la mise à niveau progressive.</translation>
    </message>
    <message>
        <source>%1 has no follower to take over while it is upgraded. Add a node first, or upgrade it by restarting it (the cluster is unavailable meanwhile).</source>
        <translation>%1 n&apos;a aucun suiveur pour prendre le relais pendant sa mise à niveau. Ajoutez d&apos;abord un nœud, ou mettez-le à niveau en le redémarrant (le cluster est indisponible pendant ce temps).</translation>
    </message>
    <message>
        <source>leader %1, followers %2</source>
        <translation>leader %1, suiveurs %2</translation>
    </message>
    <message>
        <source>[%1/%2] </source>
        <translation>[%1/%2] </translation>
    </message>
    <message>
        <source>The followers were upgraded, but none is GOOD now to take over; the old leader was not upgraded. Check the cluster with tandem-console status.</source>
        <translation>Les suiveurs ont été mis à niveau, mais aucun n&apos;est GOOD maintenant pour prendre le relais ; l&apos;ancien leader n&apos;a pas été mis à niveau. Vérifiez le cluster avec tandem-console status.</translation>
    </message>
    <message>
        <source>Every node was upgraded, but no leader served within %1 s afterwards. Check the cluster with tandem-console status.</source>
        <translation>Tous les nœuds ont été mis à niveau, mais aucun leader n&apos;a répondu dans les %1 s suivantes. Vérifiez le cluster avec tandem-console status.</translation>
    </message>
    <message>
        <source>Every node was upgraded; %1.</source>
        <translation>Tous les nœuds ont été mis à niveau ; %1.</translation>
    </message>
</context>
<context>
    <name>tandem::console::SwitchoverOperation</name>
    <message>
        <source>Switch over to %1</source>
        <translation>Basculer vers %1</translation>
    </message>
    <message>
        <source>%1 becomes the leader. The current leader holds writes (at most %2 s) until %1 has applied all of them, then hands over and follows %1. Clients following x-arango-endpoint redirects move on by themselves.</source>
        <translation>%1 devient le leader. Le leader actuel retient les écritures (au plus %2 s) jusqu&apos;à ce que %1 les ait toutes appliquées, puis passe la main et suit %1. Les clients qui suivent les redirections x-arango-endpoint suivent d&apos;eux-mêmes.</translation>
    </message>
    <message>
        <source>Find the leader</source>
        <translation>Trouver le leader</translation>
    </message>
    <message>
        <source>Ask the leader to hand over to %1</source>
        <translation>Demander au leader de passer la main à %1</translation>
    </message>
    <message>
        <source>Wait until %1 leads and serves writes</source>
        <translation>Attendre que %1 soit leader et accepte les écritures</translation>
    </message>
    <message>
        <source>There is no server %1 in the cluster. Name one of: %2.</source>
        <translation>Il n&apos;y a pas de serveur %1 dans le cluster. Indiquez l&apos;un de ceux-ci : %2.</translation>
    </message>
    <message>
        <source>%1 already leads: nothing to do.</source>
        <translation>%1 est déjà leader : rien à faire.</translation>
    </message>
    <message>
        <source>%1 is %2 and cannot lead. Pick another follower.</source>
        <translation>%1 est %2 et ne peut pas devenir leader. Choisissez un autre suiveur.</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>retiré</translation>
    </message>
    <message>
        <source>draining</source>
        <translation>en drainage</translation>
    </message>
    <message>
        <source>%1 is %2, not GOOD: it cannot take over. Wait until it is healthy, or pick another follower.</source>
        <translation>%1 est %2, pas GOOD : il ne peut pas prendre le relais. Attendez qu&apos;il soit en bonne santé, ou choisissez un autre suiveur.</translation>
    </message>
    <message>
        <source>%1 hands over to %2</source>
        <translation>%1 passe la main à %2</translation>
    </message>
    <message>
        <source>no answer to the switchover (%1); checking the cluster</source>
        <translation>pas de réponse à la bascule (%1) ; vérification du cluster</translation>
    </message>
    <message>
        <source>The switchover to %1 was refused: %2. Nothing changed; check the cluster with tandem-console status and try again.</source>
        <translation>La bascule vers %1 a été refusée : %2. Rien n&apos;a changé ; vérifiez le cluster avec tandem-console status et réessayez.</translation>
    </message>
    <message>
        <source>The switchover to %1 did not happen (the leader kept leading). Try again when %1 is in sync.</source>
        <translation>La bascule vers %1 n&apos;a pas eu lieu (le leader est resté leader). Réessayez quand %1 sera synchronisé.</translation>
    </message>
    <message>
        <source>writes were held for %1 ms</source>
        <translation>les écritures ont été retenues %1 ms</translation>
    </message>
    <message>
        <source>%1 did not lead and serve within %2 s. Check the cluster with tandem-console status.</source>
        <translation>%1 n&apos;est pas devenu leader opérationnel dans les %2 s. Vérifiez le cluster avec tandem-console status.</translation>
    </message>
    <message>
        <source>%1 is the leader now.</source>
        <translation>%1 est maintenant le leader.</translation>
    </message>
</context>
<context>
    <name>tandem::console::TopologyView</name>
    <message>
        <source>Not connected. Use File → Connect… or Launch local cluster…</source>
        <translation>Non connecté. Utilisez Fichier → Se connecter… ou Lancer un cluster local…</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Non connecté.</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Non connecté : %1</translation>
    </message>
    <message>
        <source>No leader: the cluster is electing or failing over.</source>
        <translation>Aucun leader : le cluster élit un leader ou bascule.</translation>
    </message>
    <message>
        <source>lag unknown</source>
        <translation>retard inconnu</translation>
    </message>
</context>
<context>
    <name>tandem::console::UpgradeOperation</name>
    <message>
        <source>Upgrade %1</source>
        <translation>Mettre à niveau %1</translation>
    </message>
    <message>
        <source>%1 shuts down, runs the database upgrade step of the tandem-node binary now installed, and starts again on the same port; it then catches up with the leader. The cluster keeps serving meanwhile (one follower fewer).</source>
        <translation>%1 s&apos;arrête, exécute l&apos;étape de mise à niveau de la base de l&apos;exécutable tandem-node maintenant installé, et redémarre sur le même port ; il rattrape ensuite le leader. Le cluster continue de servir pendant ce temps (avec un suiveur de moins).</translation>
    </message>
    <message>
        <source>Check that %1 is a follower</source>
        <translation>Vérifier que %1 est un suiveur</translation>
    </message>
    <message>
        <source>Restart %1 with the upgrade step</source>
        <translation>Redémarrer %1 avec l&apos;étape de mise à niveau</translation>
    </message>
    <message>
        <source>Wait until %1 is back</source>
        <translation>Attendre le retour de %1</translation>
    </message>
    <message>
        <source>Wait until %1 is a follower in sync</source>
        <translation>Attendre que %1 soit un suiveur synchronisé</translation>
    </message>
    <message>
        <source>There is no server %1 in the cluster. Check the name with tandem-console status.</source>
        <translation>Il n&apos;y a pas de serveur %1 dans le cluster. Vérifiez le nom avec tandem-console status.</translation>
    </message>
    <message>
        <source>%1 leads: a leader is not upgraded in place. Switch over to a follower first (tandem-console switchover --to …), or run a rolling upgrade.</source>
        <translation>%1 est leader : un leader n&apos;est pas mis à niveau sur place. Basculez d&apos;abord vers un suiveur (tandem-console switchover --to …), ou lancez une mise à niveau progressive.</translation>
    </message>
    <message>
        <source>%1 does not answer its status (%2): it cannot be restarted from here. Check that it runs.</source>
        <translation>%1 ne répond pas à la demande d&apos;état (%2) : il ne peut pas être redémarré d&apos;ici. Vérifiez qu&apos;il tourne.</translation>
    </message>
    <message>
        <source>%1 refused to restart: %2. Nothing changed.</source>
        <translation>%1 a refusé de redémarrer : %2. Rien n&apos;a changé.</translation>
    </message>
    <message>
        <source>waiting for the node to come back (pid %1 → ?)</source>
        <translation>attente du retour du nœud (pid %1 → ?)</translation>
    </message>
    <message>
        <source>%1 is back (pid %2 → %3, up %4 s)</source>
        <translation>%1 est de retour (pid %2 → %3, actif depuis %4 s)</translation>
    </message>
    <message>
        <source>%1 has not shut down yet (pid %2)</source>
        <translation>%1 ne s&apos;est pas encore arrêté (pid %2)</translation>
    </message>
    <message>
        <source>%1 did not come back within %2 s. Look at its log: a failed upgrade leaves the node stopped.</source>
        <translation>%1 n&apos;est pas revenu dans les %2 s. Consultez son journal : une mise à niveau échouée laisse le nœud arrêté.</translation>
    </message>
    <message>
        <source>%1 is %2, replication %3, %4 ticks behind</source>
        <translation>%1 est %2, réplication %3, %4 ticks de retard</translation>
    </message>
    <message>
        <source>%1 restarted but did not catch up with the leader within %2 s. Check its log and the cluster with tandem-console status.</source>
        <translation>%1 a redémarré mais n&apos;a pas rattrapé le leader dans les %2 s. Consultez son journal et vérifiez le cluster avec tandem-console status.</translation>
    </message>
    <message>
        <source>%1 was upgraded and is a follower in sync again.</source>
        <translation>%1 a été mis à niveau et est de nouveau un suiveur synchronisé.</translation>
    </message>
</context>
</TS>
